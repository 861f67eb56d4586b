package org.renraku.bounces.boundary;

import org.renraku.delivery.entity.CarrierGroup;

/**
 * Bounce and complaint rates of one carrier group over a period: messages attempted (accepted or refused for
 * good), bounces (hard, soft, blocked) and complaints. A rate is a share of the messages, in percent; bounces
 * of older messages can outnumber the messages of the period, so the base is never below the events counted.
 */
public record CarrierRate(CarrierGroup group, long messages, long bounces, long complaints) {

    public double bounceRate() {
        return percent(bounces);
    }

    public double complaintRate() {
        return percent(complaints);
    }

    private double percent(long n) {
        long base = Math.max(messages, bounces + complaints);
        return base == 0 ? 0 : Math.round(n * 1000.0 / base) / 10.0;
    }
}
