/**
 * Plots as standalone SVG strings, rendered without a browser (Observable
 * Plot on the linkedom DOM shim): for files, a CLI, and Jupyter notebooks
 * with the tslab kernel (`tslab.display.svg(svg)`).
 *
 * @module
 */
export { plotElboTrace, plotRegretTrace, type FitTraceSource, type TracePlotOptions } from './traces.js';
export { plotMarginals, type MarginalsOptions } from './marginals.js';
export { plotPairs, type PairsOptions } from './pairs.js';
export { plotKhat, type KhatSource, type KhatPlotOptions } from './khat.js';
export { plotTransportGrid, type TransportGridOptions } from './transport-grid.js';
export { plotPoints, type PointsOptions } from './points.js';
