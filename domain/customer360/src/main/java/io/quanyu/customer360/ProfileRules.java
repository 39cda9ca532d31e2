package io.quanyu.customer360;

import java.time.Instant;

/** Rules evaluated on a profile after its aggregates change: rule-based tags and the lifecycle stage. */
interface ProfileRules {

    /** Compiles a tenant's rules (from settings read once for the batch). */
    Evaluator forTenant(Customer360Settings settings);

    interface Evaluator {
        /** Called once per newly applied event, before {@link #evaluate}. */
        default void onEvent(ProfileState profile, TrackedEvent event) {
        }

        /** Updates the profile's rule-based tags and stage (recording a stage change in its history). */
        void evaluate(ProfileState profile, Instant now);
    }
}
