package org.renraku.delivery.batch;

import java.io.Serializable;
import org.renraku.delivery.control.Pacing;

/**
 * The checkpoint of one lane (partition) of the sending job: the last delivery id read. The reader owns it and
 * hands the writer, on the same thread, the lane and its shaper through the step's transient user data.
 */
final class LaneState implements Serializable {

    private static final long serialVersionUID = 2L;

    long lastId;
    /** The lane: its group, index and messages per connection (set by the reader on open). */
    transient Pacing.Lane lane;
    /** Its side of the service-wide shaping (set by the reader on open). */
    transient LaneShaper shaper;
    /** Set by the writer when it stopped sending (paused or cancelled broadcast, a long wait): the reader ends. */
    transient boolean ended;

    LaneState(long lastId) {
        this.lastId = lastId;
    }
}
