// Minimal typing of the jstat package (no published types): the reference
// densities and special functions the tests use.
declare module 'jstat' {
  const jStat: {
    [distribution: string]: any;
    gammaln(x: number): number;
    betaln(a: number, b: number): number;
  };
  export default jStat;
}
