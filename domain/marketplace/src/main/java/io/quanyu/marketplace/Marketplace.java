package io.quanyu.marketplace;

import com.mongodb.client.MongoDatabase;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.pkg.PluginManifest;
import io.quanyu.plugin.pkg.PluginPackage;
import io.quanyu.plugin.pkg.ReleaseSignatures;
import io.quanyu.plugin.sdk.Sdk;
import org.bson.Document;
import org.bson.types.ObjectId;
import tools.jackson.databind.JsonNode;

import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The plugin marketplace: ISVs register signing keys and publish signed releases; the platform lists plugins,
 * downloads releases and serves pf4j-update's {@code plugins.json}.
 * <p>
 * Storage is the platform database: {@code mp_publishers} (keys), {@code mp_plugins} (which publisher owns an id),
 * {@code mp_releases} (one document per release, unique by id and version) and the GridFS bucket
 * {@code mp_packages} (the zips). There are no transactions: a publish checks everything first, then writes the
 * ownership claim, the zip, and the release document last, so a release is visible only when complete; a failed
 * publish removes what it wrote. Two concurrent publishes of the same id and version cannot both win (unique index);
 * the downgrade check is not atomic with the insert.
 */
public final class Marketplace {
    private static final Pattern PUBLISHER = Pattern.compile("[a-z][a-z0-9-]{1,63}");

    private final PackageReader reader;
    private final Clock clock;
    private final ReleaseSignatures signatures = new ReleaseSignatures();
    private final PublisherKeys keys;
    private final ReleaseStore releases;
    private final PackageStore packages;
    private final ReleaseVerifier verifier;

    public Marketplace(MongoDatabase platformDb, PackageReader reader, Clock clock) {
        this(platformDb, reader, clock, ReleaseVerifier.NONE);
    }

    /** A marketplace that also runs {@code verifier} on every release before storing it. */
    public Marketplace(MongoDatabase platformDb, PackageReader reader, Clock clock, ReleaseVerifier verifier) {
        this.verifier = verifier;
        this.reader = reader;
        this.clock = clock;
        this.keys = new PublisherKeys(platformDb);
        this.releases = new ReleaseStore(platformDb);
        this.packages = new PackageStore(platformDb);
    }

    /**
     * Registers a signing key (PEM or bare base64 X.509; Ed25519, or RSA of at least 2048 bits). Registering a key
     * again returns it as stored.
     *
     * @throws QuanyuException {@code PLUGIN_PUBLISHER_KEY_INVALID}, or {@code REQUEST_VALIDATION_FAILED} for a bad
     *                         publisher id
     */
    public PublisherKey registerKey(String publisher, String publicKeyPem) {
        checkPublisher(publisher);
        PublicKey key = signatures.publicKey(publicKeyPem);
        return keys.add(new PublisherKey(publisher, ReleaseSignatures.keyId(key), ReleaseSignatures.algorithm(key),
                ReleaseSignatures.pem(key), clock.instant(), null));
    }

    /** Revokes a key; returns {@code false} when the publisher has no such active key. */
    public boolean revokeKey(String publisher, String keyId) {
        return keys.revoke(publisher, keyId, clock.instant());
    }

    /** A publisher's keys, revoked ones included, oldest first. */
    public List<PublisherKey> keys(String publisher) {
        return keys.of(publisher);
    }

    /**
     * Publishes a release. Checks, in order: the package ({@link PackageReader}), the signature
     * ({@code PLUGIN_SIGNATURE_MISSING}, {@code PLUGIN_SIGNATURE_INVALID}), the provider and the id's owner
     * ({@code PLUGIN_PUBLISHER_MISMATCH}), the version ({@code PLUGIN_RELEASE_EXISTS},
     * {@code PLUGIN_DOWNGRADE_REFUSED} unless {@code force}), then the {@link ReleaseVerifier} (a trial load).
     * Nothing is stored when a check fails.
     *
     * @param signature the publisher's signature of {@code zip} (Ed25519 or SHA256withRSA)
     * @param force     allow a version lower than the highest release that was not yanked
     */
    public Release publish(String publisher, byte[] zip, byte[] signature, boolean force) {
        PluginPackage pkg = reader.read(zip);
        String keyId = verifiedKey(publisher, zip, signature);
        PluginManifest manifest = pkg.manifest();
        checkOwner(publisher, manifest);
        checkVersion(manifest, force);
        verifier.verify(pkg);
        Release release = new Release(pkg.id(), pkg.version(), manifest.requires(), pkg.sha512(), pkg.size(),
                publisher, keyId, clock.instant(), false, manifest.document().toString());
        return store(release, zip);
    }

    /** The key id recorded for releases installed from a local zip by a platform operator. */
    public static final String UNSIGNED_LOCAL = "unsigned-local";

    /**
     * Records an unsigned release from a local zip, for plugin development on a platform whose operator allows it:
     * every check of {@link #publish} except the signature; the manifest's provider becomes the publisher, and an id
     * already owned by another publisher stays theirs. The release is marked with the key id {@link #UNSIGNED_LOCAL}.
     */
    public Release publishLocal(byte[] zip) {
        PluginPackage pkg = reader.read(zip);
        PluginManifest manifest = pkg.manifest();
        checkOwner(manifest.provider(), manifest);
        checkVersion(manifest, false);
        verifier.verify(pkg);
        Release release = new Release(pkg.id(), pkg.version(), manifest.requires(), pkg.sha512(), pkg.size(),
                manifest.provider(), UNSIGNED_LOCAL, clock.instant(), false, manifest.document().toString());
        return store(release, zip);
    }

    private String verifiedKey(String publisher, byte[] zip, byte[] signature) {
        if (signature == null || signature.length == 0) {
            throw new QuanyuException(ErrorCode.PLUGIN_SIGNATURE_MISSING, Map.of("publisher", publisher));
        }
        for (PublisherKey key : keys.of(publisher)) {
            if (!key.revoked() && signatures.verifies(signatures.publicKey(key.pem()), zip, signature)) {
                return key.keyId();
            }
        }
        throw new QuanyuException(ErrorCode.PLUGIN_SIGNATURE_INVALID, Map.of("publisher", publisher));
    }

    private void checkOwner(String publisher, PluginManifest manifest) {
        if (!manifest.provider().equals(publisher)) {
            throw new QuanyuException(ErrorCode.PLUGIN_PROVIDER_MISMATCH, Map.of("plugin", manifest.id(),
                    "provider", manifest.provider(), "publisher", publisher));
        }
        releases.owner(manifest.id()).filter(owner -> !owner.equals(publisher)).ifPresent(owner -> {
            throw mismatch(manifest.id(), owner);
        });
    }

    private void checkVersion(PluginManifest manifest, boolean force) {
        List<Release> existing = releases.of(manifest.id());
        if (existing.stream().anyMatch(r -> Sdk.compareVersions(r.version(), manifest.version()) == 0)) {
            throw exists(manifest.id(), manifest.version());
        }
        Optional<Release> current = existing.stream().filter(r -> !r.yanked()).min(Release.NEWEST_FIRST);
        if (!force && current.isPresent() && Sdk.compareVersions(manifest.version(), current.get().version()) < 0) {
            throw new QuanyuException(ErrorCode.PLUGIN_DOWNGRADE_REFUSED, Map.of("plugin", manifest.id(),
                    "version", manifest.version(), "current", current.get().version()));
        }
    }

    /** Claim, zip, release document last; on any failure, undo what this call wrote. */
    private Release store(Release release, byte[] zip) {
        boolean claimed = releases.claim(release.pluginId(), release.publisher(), release.publishedAt());
        ObjectId packageId = null;
        try {
            checkClaim(release);
            packageId = packages.put(release.pluginId(), release.version(), release.sha512(), zip);
            if (!releases.insert(release, packageId)) {
                throw exists(release.pluginId(), release.version());
            }
            return release;
        } catch (RuntimeException e) {
            undo(release, claimed, packageId);
            throw e;
        }
    }

    /** Another publisher may have claimed the id between the check and the claim. */
    private void checkClaim(Release release) {
        String owner = releases.owner(release.pluginId()).orElse(release.publisher());
        if (!owner.equals(release.publisher())) {
            throw mismatch(release.pluginId(), owner);
        }
    }

    private void undo(Release release, boolean claimed, ObjectId packageId) {
        if (packageId != null) {
            packages.delete(packageId);
        }
        if (claimed) {
            releases.unclaim(release.pluginId(), release.publisher());
        }
    }

    /** Withdraws a release: it leaves listings and {@code plugins.json} and is no longer downloaded by default. */
    public void yank(String publisher, String pluginId, String version) {
        setYanked(publisher, pluginId, version, true);
    }

    /** Undoes {@link #yank}. */
    public void unyank(String publisher, String pluginId, String version) {
        setYanked(publisher, pluginId, version, false);
    }

    private void setYanked(String publisher, String pluginId, String version, boolean yanked) {
        release(pluginId, version);
        String owner = releases.owner(pluginId).orElseThrow(() -> notFound(pluginId));
        if (!owner.equals(publisher)) {
            throw mismatch(pluginId, owner);
        }
        releases.setYanked(pluginId, version, yanked);
    }

    /**
     * The plugins whose id, name or description (English or Chinese) contains {@code text}, ignoring case; all
     * plugins when {@code text} is blank. Plugins whose every release was yanked are left out. Ordered by id.
     */
    public List<PluginListing> list(String text, int limit) {
        String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return available().stream().map(Marketplace::listing).filter(l -> matches(l, needle))
                .limit(Math.max(limit, 0)).toList();
    }

    private static PluginListing listing(List<Release> releases) {
        Release latest = releases.getFirst();
        JsonNode manifest = PluginsJson.manifest(latest);
        return new PluginListing(latest.pluginId(), PluginsJson.text(manifest.path("name")),
                PluginsJson.text(manifest.path("description")), manifest.path("provider").asString(),
                latest.version(), releases.stream().map(Release::version).toList(),
                releases.stream().filter(r -> !r.yanked() && Sdk.satisfies(r.requires())).map(Release::version)
                        .findFirst().orElse(null));
    }

    private static boolean matches(PluginListing listing, String needle) {
        Stream<String> texts = Stream.of(listing.id(), listing.name().en(), listing.name().zhCN(),
                listing.description() == null ? null : listing.description().en(),
                listing.description() == null ? null : listing.description().zhCN());
        return needle.isEmpty() || texts.anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).contains(needle));
    }

    /** Every release of a plugin, yanked ones included, newest first by semantic version. */
    public List<Release> releases(String pluginId) {
        List<Release> all = new ArrayList<>(releases.of(pluginId));
        if (all.isEmpty() && releases.owner(pluginId).isEmpty()) {
            throw notFound(pluginId);
        }
        all.sort(Release.NEWEST_FIRST);
        return all;
    }

    /**
     * One release.
     *
     * @throws QuanyuException {@code PLUGIN_NOT_FOUND} or {@code PLUGIN_RELEASE_NOT_FOUND}
     */
    public Release release(String pluginId, String version) {
        return ReleaseStore.fromDocument(document(pluginId, version));
    }

    private Document document(String pluginId, String version) {
        return releases.find(pluginId, version).orElseThrow(() -> releases.owner(pluginId).isEmpty()
                ? notFound(pluginId)
                : new QuanyuException(ErrorCode.PLUGIN_RELEASE_NOT_FOUND, Map.of("plugin", pluginId, "version", version)));
    }

    /** A release's zip, refused when yanked; see {@link #download(String, String, boolean)}. */
    public byte[] download(String pluginId, String version) {
        return download(pluginId, version, false);
    }

    /**
     * A release's zip, checked against its recorded SHA-512 ({@code PLUGIN_CHECKSUM_MISMATCH}).
     *
     * @param allowYanked whether a yanked release may be downloaded (reinstalling what a tenant already runs)
     * @throws QuanyuException {@code PLUGIN_RELEASE_YANKED} for a yanked release unless allowed
     */
    public byte[] download(String pluginId, String version, boolean allowYanked) {
        Document doc = document(pluginId, version);
        Release release = ReleaseStore.fromDocument(doc);
        if (release.yanked() && !allowYanked) {
            throw new QuanyuException(ErrorCode.PLUGIN_RELEASE_YANKED, Map.of("plugin", pluginId, "version", version));
        }
        byte[] zip = packages.get(doc.getObjectId("packageId"));
        if (!ReleaseSignatures.sha512(zip).equals(release.sha512())) {
            throw new QuanyuException(ErrorCode.PLUGIN_CHECKSUM_MISMATCH, Map.of("expected", release.sha512(),
                    "plugin", pluginId, "version", version));
        }
        return zip;
    }

    /**
     * The catalogue in pf4j-update's {@code plugins.json} format, yanked releases left out.
     *
     * @param downloadUrlPrefix where {@code /id/version.zip} is served
     */
    public String pluginsJson(String downloadUrlPrefix) {
        return PluginsJson.render(available(), downloadUrlPrefix);
    }

    /** Each plugin's releases that were not yanked, newest first; plugins with none left out; in id order. */
    private List<List<Release>> available() {
        Map<String, List<Release>> byPlugin = new LinkedHashMap<>();
        for (Release r : releases.all()) {
            if (!r.yanked()) {
                byPlugin.computeIfAbsent(r.pluginId(), id -> new ArrayList<>()).add(r);
            }
        }
        byPlugin.values().forEach(list -> list.sort(Release.NEWEST_FIRST));
        return List.copyOf(byPlugin.values());
    }

    private static void checkPublisher(String publisher) {
        if (publisher == null || !PUBLISHER.matcher(publisher).matches()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/publisher", "pattern",
                    "must match " + PUBLISHER.pattern())));
        }
    }

    private static QuanyuException mismatch(String pluginId, String owner) {
        return new QuanyuException(ErrorCode.PLUGIN_PUBLISHER_MISMATCH, Map.of("plugin", pluginId, "owner", owner));
    }

    private static QuanyuException exists(String pluginId, String version) {
        return new QuanyuException(ErrorCode.PLUGIN_RELEASE_EXISTS, Map.of("plugin", pluginId, "version", version));
    }

    private static QuanyuException notFound(String pluginId) {
        return new QuanyuException(ErrorCode.PLUGIN_NOT_FOUND, Map.of("plugin", pluginId));
    }
}
