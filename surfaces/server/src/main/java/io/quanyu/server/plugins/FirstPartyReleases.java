package io.quanyu.server.plugins;

import io.quanyu.marketplace.FirstPartyCatalogue;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.server.config.QuanyuProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * On start, before the server reports ready, publishes the first-party releases it ships
 * ({@code quanyu.plugins.catalogue-dirs}) that the marketplace lacks, so a new tenant's marketplace lists them. A
 * release the marketplace refuses is logged with its code and does not stop the start.
 */
@Component
class FirstPartyReleases implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(FirstPartyReleases.class);
    private final FirstPartyCatalogue catalogue;
    private final QuanyuProperties properties;

    FirstPartyReleases(Marketplace marketplace, QuanyuProperties properties) {
        this.catalogue = new FirstPartyCatalogue(marketplace);
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<FirstPartyCatalogue.Shipped> shipped = FirstPartyCatalogue.find(properties.plugins().catalogueDirs());
        for (FirstPartyCatalogue.Outcome outcome : catalogue.publishMissing(shipped)) {
            switch (outcome.status()) {
                case FirstPartyCatalogue.Outcome.PUBLISHED -> LOG.info("first-party release {} published", outcome.detail());
                case FirstPartyCatalogue.Outcome.REFUSED -> LOG.error("first-party release {} refused: {}",
                        outcome.zip().getFileName(), outcome.detail());
                default -> LOG.debug("first-party release {} is in the marketplace", outcome.zip().getFileName());
            }
        }
    }
}
