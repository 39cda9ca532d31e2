// Runs once the project is generated. Maven's batch mode does not apply the descriptor's validation rules, so the
// rules the platform's manifest check applies to the id and the provider are applied here: a value the marketplace
// would refuse stops the generation with the rule, and the half-made project is removed.
def properties = request.properties
def problems = []
if (!(properties.pluginId ==~ /[a-z][a-z0-9-]{2,63}/)) {
    problems << "pluginId '${properties.pluginId}' must be 3 to 64 lower-case letters, digits and dashes, starting " +
            "with a letter (it defaults to the artifactId; pass -DpluginId=...)"
}
if (!(properties.provider ==~ /[a-z][a-z0-9-]{1,63}/)) {
    problems << "provider '${properties.provider}' must be your publisher id: 2 to 64 lower-case letters, digits " +
            "and dashes, starting with a letter"
}
if (problems) {
    new File(request.outputDirectory, request.artifactId).deleteDir()
    throw new IllegalArgumentException("QUANYU_PLUGIN_ID_INVALID: " + problems.join("; "))
}
