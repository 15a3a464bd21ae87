package cli

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/internal/lockedbuf"
)

// exitRecorder stands in for os.Exit.
type exitRecorder struct {
	codes chan int
}

func (e exitRecorder) exit(code int) { e.codes <- code }

func TestInterrupts(t *testing.T) {
	// No signal: the run's exit code, nothing said.
	rec := exitRecorder{make(chan int, 2)}
	var stderr lockedbuf.Buffer
	ctx, in := watch(context.Background(), make(chan os.Signal), &stderr, rec.exit, time.Hour)
	in.Exit(1)
	in.Exit(0) // once only
	if code := <-rec.codes; code != 1 || stderr.String() != "" || ctx.Err() != nil || len(rec.codes) != 0 {
		t.Errorf("no signal: exit %d, %q, %v", code, stderr.String(), ctx.Err())
	}

	// SIGTERM: the context is cancelled, naming it; the run that ends
	// within the grace period exits 2 saying so, whatever its code.
	sigs := make(chan os.Signal, 2)
	ctx, in = watch(context.Background(), sigs, &stderr, rec.exit, time.Hour)
	sigs <- syscall.SIGTERM
	<-ctx.Done()
	if cause := context.Cause(ctx); cause == nil || cause.Error() != "cancelled by SIGTERM" {
		t.Errorf("cause %v", cause)
	}
	in.Exit(0)
	if code := <-rec.codes; code != exitError || stderr.String() != "keepup: error: cancelled by SIGTERM\n" {
		t.Errorf("SIGTERM: exit %d, %q", code, stderr.String())
	}

	// SIGINT and a run that does not end: the grace period's end exits.
	var stderr2 lockedbuf.Buffer
	sigs = make(chan os.Signal, 2)
	_, _ = watch(context.Background(), sigs, &stderr2, rec.exit, 0)
	sigs <- os.Interrupt
	if code := <-rec.codes; code != exitError || stderr2.String() != "keepup: error: cancelled by SIGINT\n" {
		t.Errorf("SIGINT: exit %d, %q", code, stderr2.String())
	}

	// A second signal does not wait for the grace period.
	var stderr3 lockedbuf.Buffer
	sigs = make(chan os.Signal, 2)
	_, _ = watch(context.Background(), sigs, &stderr3, rec.exit, time.Hour)
	sigs <- syscall.SIGTERM
	sigs <- syscall.SIGHUP
	if code := <-rec.codes; code != exitError || stderr3.String() != "keepup: error: cancelled by SIGTERM\n" {
		t.Errorf("second signal: exit %d, %q", code, stderr3.String())
	}
	if got := signalName(syscall.SIGHUP); got != "hangup" {
		t.Errorf("signalName(SIGHUP) = %q", got)
	}
}
