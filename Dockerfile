# keepup's image: the static keepup binary, a CA bundle for HTTPS to GitLab
# and endoflife.date, and a static POSIX shell, on an empty base.
#
# The shell is there because GitLab Runner (docker and kubernetes executors)
# starts every job by running sh in the job's image: an image without one
# cannot run a CI/CD job. keepup itself never needs it.
#
# FROM scratch can only COPY, so the build context is prepared beforehand by
# .ci/image-context (the build job of .gitlab-ci.yml runs it):
#   keepup                the linux binary, CGO_ENABLED=0
#   ca-certificates.crt   Debian's /etc/ssl/certs/ca-certificates.crt
#   sh                    Debian's busybox-static /bin/busybox (run as sh)
#   skel/tmp/             an empty directory with mode 1777, for /tmp
#
#   buildah bud --build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD) \
#     -f Dockerfile -t keepup CONTEXT
FROM scratch

ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=https://gitlab.com/keepup/keepup

LABEL org.opencontainers.image.title="keepup" \
      org.opencontainers.image.description="Holds a project to its support policy for upstream releases" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

COPY --chmod=0444 ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --chmod=0555 sh /bin/sh
COPY --chmod=0555 keepup /usr/local/bin/keepup
COPY skel/ /

ENV PATH=/usr/local/bin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

# A numeric user, so that runAsNonRoot policies can check it without an
# /etc/passwd. GitLab Runner makes the checkout writable for any user.
USER 65532:65532

ENTRYPOINT ["keepup"]
CMD ["help"]
