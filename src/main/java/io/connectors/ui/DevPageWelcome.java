package io.connectors.ui;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Dev mode only: tells the developer where the page is, next to the API tokens that DevModeWelcome prints. */
@IfBuildProfile("dev")
public class DevPageWelcome {

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        Log.infof("Connectors page: http://localhost:%d/mcps (signed in as 'developer' of organization 'demo')", port);
    }
}
