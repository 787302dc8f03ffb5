package io.connectors.oauth.repository;

import io.connectors.oauth.UserIntegration;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Users' OAuth integrations, always for one user within one organization. */
@ApplicationScoped
public class IntegrationRepository implements PanacheRepositoryBase<UserIntegration, UserIntegration.Key> {

    public Uni<List<UserIntegration>> listForUser(String organizationId, String userId) {
        return list("organizationId = :org and userId = :user order by provider",
                Parameters.with("org", organizationId).and("user", userId));
    }

    public Uni<Boolean> deleteForUser(String organizationId, String userId, String provider) {
        return delete("organizationId = :org and userId = :user and provider = :provider",
                Parameters.with("org", organizationId).and("user", userId).and("provider", provider))
                .map(count -> count > 0);
    }
}
