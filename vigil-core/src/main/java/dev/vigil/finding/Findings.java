package dev.vigil.finding;

import java.util.List;

/** The findings open now. */
public interface Findings {

    /** Open findings, soonest crossing first. */
    List<Finding> open();

    /** No detector: nothing is ever open. */
    Findings NONE = List::of;
}
