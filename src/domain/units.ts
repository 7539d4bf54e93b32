/** Heketi's size units, all in KiB (volume_entry.go). */
export const KiB = 1;
export const MiB = 1024;
export const GiB = 1024 * 1024;
export const TiB = 1024 * 1024 * 1024;
