package io.quanyu.customer360;

import io.quanyu.mongodb.TenantDatabase;

import java.time.Instant;

/** Rules evaluated on a profile after its aggregates change: rule-based tags and the lifecycle stage. */
interface ProfileRules {

    /** Loads the tenant's rules once for a batch. */
    Evaluator forTenant(TenantDatabase db);

    interface Evaluator {
        /** Called once per newly applied event, before {@link #evaluate}. */
        default void onEvent(ProfileState profile, TrackedEvent event) {
        }

        /** Updates the profile's rule-based tags and stage (recording a stage change in its history). */
        void evaluate(ProfileState profile, Instant now);
    }
}
