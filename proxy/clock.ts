// Time is a dependency: TTLs, quota days and timeouts read it from here so tests can move it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
