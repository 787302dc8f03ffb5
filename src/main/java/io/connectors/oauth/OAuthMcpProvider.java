package io.connectors.oauth;

import io.connectors.config.ConnectorsConfig;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The predefined OAuth MCPs (Gmail, Google Calendar, Google Drive by default), read from configuration
 * ({@code connectors.oauth-mcps.*}) so an operator can change endpoints or add one without code.
 */
@Singleton
public class OAuthMcpProvider {

    private final List<OAuthMcpDefinition> definitions;
    private final Map<String, OAuthMcpDefinition> byKey;
    private final Map<String, IntegrationProvider> providers;

    public OAuthMcpProvider(ConnectorsConfig config) {
        this.definitions = config.oauthMcps().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, ConnectorsConfig.OAuthMcp> e) -> e.getValue().order())
                        .thenComparing(e -> e.getValue().name()))
                .map(e -> new OAuthMcpDefinition(e.getKey(), e.getValue().name(), e.getValue().provider(),
                        e.getValue().scopes().orElse(List.of()),
                        e.getValue().toolsets().entrySet().stream()
                                .sorted(Map.Entry.comparingByKey())
                                .map(t -> new OAuthMcpDefinition.Toolset(t.getKey(),
                                        t.getValue().description(), t.getValue().url().orElse("")))
                                .toList()))
                .toList();
        this.byKey = definitions.stream()
                .collect(Collectors.toUnmodifiableMap(OAuthMcpDefinition::key, Function.identity()));
        this.providers = config.integrations().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new IntegrationProvider(e.getKey(),
                        e.getValue().tokenUrl().orElse(""), e.getValue().clientId(), e.getValue().clientSecret())));
    }

    /** All definitions, in display order. */
    public List<OAuthMcpDefinition> definitions() {
        return definitions;
    }

    public Optional<OAuthMcpDefinition> find(String key) {
        return Optional.ofNullable(key == null ? null : byKey.get(key));
    }

    public boolean isKnown(String key) {
        return key != null && byKey.containsKey(key);
    }

    public Optional<IntegrationProvider> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** Integration providers that at least one definition needs, plus configured ones. */
    public boolean isKnownProvider(String name) {
        return providers.containsKey(name) || definitions.stream().anyMatch(d -> d.provider().equals(name));
    }
}
