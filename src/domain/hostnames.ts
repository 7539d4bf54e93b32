/**
 * ozzo's is.Host, as Heketi validates node hostnames: an IP address or a DNS name. Every hostname
 * that reaches a node's command line (peer probe, brick specs) passes this first, whether it came
 * through POST /nodes or a topology file.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DNS_NAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

export function isHost(value: string): boolean {
  return IPV4.test(value) || isIpv6(value) || DNS_NAME.test(value);
}

function isIpv6(value: string): boolean {
  return /^[0-9a-fA-F:]+$/.test(value) && value.includes(':') && value.split(':').length <= 8;
}
