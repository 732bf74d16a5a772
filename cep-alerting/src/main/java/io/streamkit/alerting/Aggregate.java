package io.streamkit.alerting;

/**
 * How a series' samples in its look-back window become one value per group. MAX, MIN, AVG and COUNT
 * take every sample of every matching metric; SUM and LAST take each metric's latest sample (SUM
 * adds them across the dimensions aggregated away, e.g. the lag of every partition; LAST is the
 * latest of them); RATE is each metric's increase per second over the window (a counter reset
 * counts from zero), added across metrics.
 */
public enum Aggregate {
  MAX,
  MIN,
  AVG,
  SUM,
  LAST,
  COUNT,
  RATE,
  INCREASE
}
