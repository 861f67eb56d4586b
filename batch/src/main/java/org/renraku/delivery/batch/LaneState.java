package org.renraku.delivery.batch;

import java.io.Serializable;
import org.renraku.delivery.control.SendPacer;

/**
 * The checkpoint of one lane (partition) of the sending job: the last delivery id read, and the lane's pace.
 * The reader owns it; the writer, on the same thread, updates the pacer through the step's transient user data.
 */
final class LaneState implements Serializable {

    private static final long serialVersionUID = 1L;

    long lastId;
    final SendPacer pacer;
    /** Set by the writer when it stopped sending (paused or cancelled broadcast, a long wait): the reader ends. */
    transient boolean ended;

    LaneState(long lastId, SendPacer pacer) {
        this.lastId = lastId;
        this.pacer = pacer;
    }
}
