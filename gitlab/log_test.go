package gitlab

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// The HTTP client's messages reach keepup's log at debug level, with the
// token masked, and not at all above it.
func TestHTTPLog(t *testing.T) {
	var buf bytes.Buffer
	h := httpLog{log: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), token: "tok123"}
	h.Error("request failed tok123", "error", errors.New("GET http://x?private_token=tok123: refused"), "method", "GET")
	h.Info("performing request", "url", "http://x/y")
	got := buf.String()
	if strings.Contains(got, "tok123") ||
		!strings.Contains(got, `level=DEBUG msg="GitLab HTTP client: request failed [MASKED]" error="GET http://x?private_token=[MASKED]: refused" method=GET`) ||
		!strings.Contains(got, `level=DEBUG msg="GitLab HTTP client: performing request" url=http://x/y`) {
		t.Errorf("got %q", got)
	}
	buf.Reset()
	h.log = slog.New(slog.NewTextHandler(&buf, nil))
	h.Warn("retrying request")
	if buf.Len() != 0 {
		t.Errorf("logged above debug: %q", buf.String())
	}
}
