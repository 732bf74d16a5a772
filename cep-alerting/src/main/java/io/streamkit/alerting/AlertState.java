package io.streamkit.alerting;

import java.io.Serializable;

/**
 * Where one group of one rule stands: inactive, pending (the condition holds, {@code for} has not
 * passed), or firing (notified; {@code keep-firing-for} and {@code resolve-condition} decide when
 * it resolves; {@code repeat-interval} when it is notified again).
 */
final class AlertState implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Phase {
    INACTIVE,
    PENDING,
    FIRING
  }

  /** What an evaluation asks to notify. */
  enum Step {
    NONE,
    FIRE,
    REPEAT,
    RESOLVE
  }

  Phase phase = Phase.INACTIVE;
  long pendingSince;
  long firingSince;
  long lastNotified;
  long clearSince; // while firing: when the resolve criterion started to hold, 0 if it does not
  int sequence;

  /**
   * One evaluation at {@code now}.
   *
   * @param holds whether the condition holds
   * @param resolves whether the alert may resolve: the resolve-condition when the rule has one
   *     (hysteresis), else the condition not holding
   */
  Step evaluate(long now, boolean holds, boolean resolves, Rule rule) {
    switch (phase) {
      case INACTIVE:
        if (!holds) {
          return Step.NONE;
        }
        pendingSince = now;
        phase = Phase.PENDING;
      // fall through: a rule without 'for' fires at once
      case PENDING:
        if (!holds) {
          phase = Phase.INACTIVE;
          return Step.NONE;
        }
        if (now - pendingSince < rule.pendingFor().toMillis()) {
          return Step.NONE;
        }
        phase = Phase.FIRING;
        firingSince = now;
        lastNotified = now;
        clearSince = 0;
        sequence = 0;
        return Step.FIRE;
      default:
        if (resolves) {
          if (clearSince == 0) {
            clearSince = now;
          }
          if (now - clearSince >= rule.keepFiringFor().toMillis()) {
            phase = Phase.INACTIVE;
            return Step.RESOLVE;
          }
          return Step.NONE;
        }
        clearSince = 0;
        long repeat = rule.repeatInterval().toMillis();
        if (repeat > 0 && now - lastNotified >= repeat) {
          lastNotified = now;
          sequence++;
          return Step.REPEAT;
        }
        return Step.NONE;
    }
  }
}
