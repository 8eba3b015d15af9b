/** The control plane: HTTP API with tokens and roles, audit trail, live event stream and Prometheus metrics. */
package dev.vigil.server;
