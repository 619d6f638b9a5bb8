/**
 * The V8 heap limits of the core's threads (core-worker, scan-worker): a young generation of 96 MB
 * (semi-spaces of 32 MB, twice V8's default). A scan decodes every open plan's facts and drops them
 * a moment later; with the default, the collector ran often enough at 50,000 children to copy live
 * batches again and again, and a bigger nursery lets them die first. The old generation keeps V8's
 * default limit.
 */
export const CORE_HEAP = { maxYoungGenerationSizeMb: 96 } as const
