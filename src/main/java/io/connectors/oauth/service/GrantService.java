package io.connectors.oauth.service;

import io.connectors.oauth.GrantKey;
import io.connectors.oauth.GrantState;
import io.connectors.oauth.repository.GrantRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** How connectors' OAuth grants look to people: state only, never a token. */
@Singleton
public class GrantService {

    private final GrantRepository grants;

    public GrantService(GrantRepository grants) {
        this.grants = grants;
    }

    public Uni<GrantState> findState(GrantKey key) {
        return grants.findState(key);
    }
}
