/** P5 runs on the real GlusterFS test bed and belongs to the e2e tier, not to this bench. */
export const P5_NOTE =
  'real GlusterFS test bed (volume create/delete over ssh on glusterd + XFS): figures come from the e2e tier, ' +
  'which prints them at the end of test/e2e/run.sh; not measured by npm run bench.';
