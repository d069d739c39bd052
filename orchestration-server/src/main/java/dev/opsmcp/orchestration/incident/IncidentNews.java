package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.Updated;

/** Told of lifecycle changes worth announcing to the tenant's channels. */
public interface IncidentNews {
  IncidentNews NONE =
      new IncidentNews() {
        @Override
        public void opened(Incident incident) {}

        @Override
        public void changed(Updated update) {}
      };

  void opened(Incident incident);

  void changed(Updated update);
}
