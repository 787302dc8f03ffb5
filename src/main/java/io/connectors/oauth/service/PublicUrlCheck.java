package io.connectors.oauth.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Warns at start when OAuth connectors exist but {@code connectors.public-url} is not set: nobody could sign in to
 * them (each attempt also fails with a text naming the key). The check doesn't hold the start up: it runs in the
 * background and says nothing when the database can't answer yet.
 */
@Singleton
public class PublicUrlCheck {

    private final ConnectorSignIn signIn;
    private final Pool pool;

    public PublicUrlCheck(ConnectorSignIn signIn, Pool pool) {
        this.signIn = signIn;
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL || signIn.publicUrl().isPresent()) {
            return;
        }
        pool.query("select exists (select 1 from connector where auth = 'oauth') as present").execute()
                .subscribe().with(rows -> {
                    if (rows.iterator().next().getBoolean("present")) {
                        Log.warn("OAuth connectors exist but connectors.public-url (CONNECTORS_PUBLIC_URL) is not "
                                + "set: nobody can sign in to them. Set it to this service's external base URL and "
                                + "register <public-url>" + ConnectorSignIn.CALLBACK_PATH + " as the redirect URI "
                                + "of pre-registered clients");
                    }
                }, failure -> Log.debugf("Could not check for OAuth connectors at start: %s",
                        failure.getClass().getSimpleName()));
    }
}
