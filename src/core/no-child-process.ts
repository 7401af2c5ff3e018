// Stands in for node:child_process in the bundle. commander requires it at load time only to run
// executable subcommands (`git-style`), which kaohe never uses; loading the real module pulls in
// net, dgram and streams and costs ~10 ms of every start. Calling it is a bug, said plainly.
export function spawn(): never {
  throw new Error('child_process is not available in the kaohe bundle');
}
export default { spawn };
