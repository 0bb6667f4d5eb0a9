# The karpd agent image, ghcr.io/karpd/karpd:<package.json version>, as deploy/agent/deployment.yaml runs it.
# There is no build step: bin/karpd.js loads the TypeScript sources through tsx (a runtime dependency), so the
# image is the sources, the production dependencies and the data files karpd reads at run time.
#
#   docker build -t ghcr.io/karpd/karpd:0.1.0 .
#
# test/deploy/dockerfile.test.ts keeps this file consistent with deploy/ and package.json: the Node major
# (package.json engines), the user (the Deployment's runAsUser/runAsGroup), the exposed port (the metrics
# listener), the config path (the ConfigMap's mount) and .dockerignore.
FROM node:20-bookworm-slim

# git and ssh for the GitOps source (simple-git runs git, git runs ssh for an ssh git.url); tini as PID 1, so
# the git and ssh processes git leaves behind are reaped and SIGTERM reaches node.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates git openssh-client tini \
  && rm -rf /var/lib/apt/lists/*

# The user the Deployment runs as (runAsUser/runAsGroup 65532). It needs a passwd entry: ssh refuses to run for
# a uid it cannot look up ("No user exists for uid 65532"). HOME is the state emptyDir, as the Deployment sets it.
RUN groupadd --system --gid 65532 karpd \
  && useradd --system --uid 65532 --gid 65532 --home-dir /var/lib/karpd --no-create-home --shell /usr/sbin/nologin karpd

WORKDIR /opt/karpd
ENV NODE_ENV=production

# Dependencies first, so a source change does not reinstall them. postinstall runs patch-package (a runtime
# dependency) over patches/, so patches/ must be there before npm ci.
COPY package.json package-lock.json ./
COPY patches/ ./patches/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# What karpd reads at run time: the sources and tsconfig.json (tsx compiles with it), the dashboard (karpd dash),
# the instance catalog (data/), the CRDs (deploy/crds, which the embedded control plane serves), the replay's
# scenarios and the GitOps template they and karpd up use. Owned by root, read-only to the agent.
COPY tsconfig.json README.md ./
COPY bin/ ./bin/
COPY src/ ./src/
COPY ui/ ./ui/
COPY data/ ./data/
COPY deploy/ ./deploy/
COPY scenarios/ ./scenarios/
COPY repo-template/ ./repo-template/

USER 65532:65532
ENV HOME=/var/lib/karpd

# The metrics listener (metrics.bindAddress in deploy/agent/configmap.yaml): /metrics, /healthz, /readyz. The agent
# API (8080) listens on the pod's 127.0.0.1 only and is not exposed.
EXPOSE 8081

ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/karpd.js"]
# The Deployment's args replace this; the ConfigMap karpd-config is mounted at /etc/karpd/config.
CMD ["run", "--config", "/etc/karpd/config/karpd.yaml"]
