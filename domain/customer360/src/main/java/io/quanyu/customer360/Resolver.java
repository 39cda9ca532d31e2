package io.quanyu.customer360;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.RecordService;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the profile an event is about from its identities, within one batch:
 * <ul>
 *   <li>no identity known: a new anonymous profile (a customer record and its profile) takes them all;</li>
 *   <li>one owner: it takes the identities nobody owns yet;</li>
 *   <li>several owners: two profiles are merged at once when the event names an auto-merge identity of each (for
 *       example a member number of one and a phone of the other); otherwise a merge suggestion is raised and the
 *       event goes to the owner of its strongest identity.</li>
 * </ul>
 * One lookup of all the batch's identities; owners learned during the batch (new profiles, merges) are reused.
 */
final class Resolver {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final IdentityStore identities;
    private final ProfileStore profiles;
    private final RecordService records;
    private final MergeService merges;
    private final ContactFields contactFields;

    Resolver(IdentityStore identities, ProfileStore profiles, RecordService records, MergeService merges) {
        this.contactFields = new ContactFields(records);
        this.identities = identities;
        this.profiles = profiles;
        this.records = records;
        this.merges = merges;
    }

    /** One batch's resolution state. */
    final class Batch {
        private final TenantDatabase db;
        private final Quotas quotas;
        private final String actor;
        private final IdentityTypes types;
        private final Map<String, String> owners;
        /** Profiles merged away during this batch, to their survivors. */
        private final Map<String, String> mergedInto = new HashMap<>();
        /** Owners of the batch's identities whose customer record a crash kept from following them (see createOrJoin). */
        private final Set<String> recordless;

        Batch(TenantDatabase db, Quotas quotas, String actor, IdentityTypes types, Collection<TrackedEvent> events) {
            this.db = db;
            this.quotas = quotas;
            this.actor = actor;
            this.types = types;
            Set<String> keys = new LinkedHashSet<>();
            events.forEach(e -> e.identities().forEach(i -> keys.add(i.key())));
            this.owners = new HashMap<>(identities.owners(db, keys));
            this.recordless = profiles.recordPending(db, new java.util.HashSet<>(owners.values()));
        }

        /** The customer the event is about, claiming, creating or merging profiles as needed. */
        String resolve(TrackedEvent event) {
            Map<String, List<Identity>> byOwner = new HashMap<>();
            List<Identity> unowned = new ArrayList<>();
            sort(event, byOwner, unowned);
            if (byOwner.isEmpty()) {
                String created = createOrJoin(event, types.strongest(unowned));
                if (created != null) {
                    claimRest(event, created, unowned);
                    return created;
                }
                unowned.clear();
                sort(event, byOwner, unowned);
            }
            String customer = settle(event, byOwner);
            if (recordless.remove(customer)) {
                finishRecord(event, customer);
            }
            contactFields.fill(db, customer, claimRest(event, customer, unowned), actor);
            return customer;
        }

        /**
         * Creates the customer record of a profile whose creation a crash cut off after its identity was claimed (the
         * request that is repeated now, or any later event of that person, resolves to it): without it the profile
         * could not be read or sent to.
         */
        private void finishRecord(TrackedEvent event, String customer) {
            try {
                writeRecord(event, customer, event.identities().stream().filter(i -> customer.equals(owners.get(i.key()))).toList());
            } catch (io.quanyu.core.error.QuanyuException e) {
                if (e.code() != io.quanyu.core.error.ErrorCode.RECORD_DUPLICATE) {
                    throw e;
                }
                profiles.recordCreated(db, customer); // the crash came after the record, before the flag went
            }
        }

        /** Writes the profile's customer record (its first source, its contact fields), then lifts the profile's flag. */
        private void writeRecord(TrackedEvent event, String customer, List<Identity> contacts) {
            var input = JSON.createObjectNode();
            if (event.channel() != null) {
                input.put("firstSource", event.channel().length() > 64 ? event.channel().substring(0, 64) : event.channel());
            }
            ContactFields.put(input, contacts);
            records.create(db, "customer", customer, input, actor, quotas);
            profiles.recordCreated(db, customer);
        }

        private void sort(TrackedEvent event, Map<String, List<Identity>> byOwner, List<Identity> unowned) {
            for (Identity i : event.identities()) {
                String owner = owners.get(i.key());
                if (owner == null) {
                    unowned.add(i);
                } else {
                    byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(i);
                }
            }
        }

        /** Claims the event's identities nobody owns for {@code customer}; returns those it won. */
        private List<Identity> claimRest(TrackedEvent event, String customer, List<Identity> unowned) {
            List<Identity> claimed = new ArrayList<>();
            for (Identity i : unowned) {
                if (owners.containsKey(i.key())) {
                    continue;
                }
                String owner = identities.claim(db, i, customer, event.time(), event.channel() == null ? "api" : event.channel());
                owners.put(i.key(), owner);
                if (owner.equals(customer)) {
                    claimed.add(i);
                }
            }
            return claimed;
        }

        /**
         * A new person: the profile is created (flagged until its record exists), then its strongest identity
         * claimed; the record follows only when the claim is won, and a crash before it is finished by the next
         * resolution to the profile ({@link #finishRecord}). When another request won it first, the profile is removed again and null returned (the
         * caller resolves against the winner), so concurrent first sightings make one profile, not two.
         */
        private String createOrJoin(TrackedEvent event, Identity strongest) {
            String id = java.util.UUID.randomUUID().toString().replace("-", "");
            profiles.create(db, new ProfileState(id, Instant.now(), true), true);
            String owner = identities.claim(db, strongest, id, event.time(), event.channel() == null ? "api" : event.channel());
            owners.put(strongest.key(), owner);
            if (!owner.equals(id)) {
                profiles.delete(db, id);
                return null;
            }
            writeRecord(event, id, event.identities().stream().filter(i -> i.equals(strongest) || !owners.containsKey(i.key())).toList());
            return id;
        }

        /** Several owners (or one): merges what may be merged, suggests the rest; returns the event's profile. */
        private String settle(TrackedEvent event, Map<String, List<Identity>> byOwner) {
            String primary = ownerOf(types.strongest(byOwner.values().stream().flatMap(List::stream).toList()), byOwner);
            for (var other : List.copyOf(byOwner.keySet())) {
                if (other.equals(primary) || !byOwner.containsKey(other)) {
                    continue;
                }
                if (trusted(byOwner.get(primary)) && trusted(byOwner.get(other))) {
                    String survivor = merges.mergeForEvent(db, primary, other, actor, event.eventId());
                    String gone = survivor.equals(primary) ? other : primary;
                    owners.replaceAll((k, v) -> v.equals(gone) ? survivor : v);
                    mergedInto.put(gone, survivor);
                    byOwner.computeIfAbsent(survivor, s -> new ArrayList<>()).addAll(byOwner.remove(gone));
                    primary = survivor;
                } else {
                    merges.suggest(db, primary, other, "event " + event.eventId() + " names identities of both");
                }
            }
            return primary;
        }

        /** Where an event resolved earlier in the batch belongs now (its profile may have been merged since). */
        String current(String customer) {
            String id = customer;
            for (int hops = 0; mergedInto.containsKey(id) && hops < 64; hops++) {
                id = mergedInto.get(id);
            }
            return id;
        }

        private boolean trusted(List<Identity> held) {
            return held.stream().anyMatch(i -> types.get(i.type()).autoMerge());
        }

        private String ownerOf(Identity identity, Map<String, List<Identity>> byOwner) {
            return byOwner.entrySet().stream().filter(e -> e.getValue().contains(identity)).findFirst().orElseThrow().getKey();
        }
    }
}
