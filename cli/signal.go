package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Grace is how long a run may go on after SIGINT or SIGTERM, for its
// in-flight writes to finish, before keepup exits.
const Grace = time.Second

// Interrupts ends a run on SIGINT or SIGTERM: the run's context is
// cancelled, so that requests in flight give up, and the run has Grace to
// finish; then, or when the run ends first, keepup exits 2 saying it was
// cancelled. A second signal ends it at once.
type Interrupts struct {
	stderr io.Writer
	exit   func(int)
	once   sync.Once

	mu     sync.Mutex
	sig    os.Signal           // the signal received, or nil
	logger func() *slog.Logger // the run's logger; nil: the human format on stderr
}

// LogWith makes the cancellation a record of the run's logger, which
// logger returns (App.Logger), in the format the run logs in.
func (in *Interrupts) LogWith(logger func() *slog.Logger) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.logger = logger
}

// OnInterrupt returns the context a run is to use and the Interrupts that
// cancels it; exit is os.Exit, called once, by Exit or after Grace.
func OnInterrupt(parent context.Context, stderr io.Writer, exit func(int)) (context.Context, *Interrupts) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	return watch(parent, ch, stderr, exit, Grace)
}

func watch(parent context.Context, signals <-chan os.Signal, stderr io.Writer, exit func(int), grace time.Duration) (context.Context, *Interrupts) {
	ctx, cancel := context.WithCancelCause(parent)
	in := &Interrupts{stderr: stderr, exit: exit}
	go func() {
		s := <-signals
		in.mu.Lock()
		in.sig = s
		in.mu.Unlock()
		cancel(fmt.Errorf("cancelled by %s", signalName(s)))
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-signals:
		}
		in.Exit(exitError)
	}()
	return ctx, in
}

// Exit ends keepup with the run's exit code, or, when a signal cancelled
// the run, with 2 and a line saying so.
func (in *Interrupts) Exit(code int) {
	in.once.Do(func() {
		in.mu.Lock()
		s, logger := in.sig, in.logger
		in.mu.Unlock()
		if s != nil {
			log := slog.New(newHumanHandler(in.stderr, slog.LevelInfo))
			if logger != nil {
				log = logger()
			}
			log.Error("cancelled by " + signalName(s))
			code = exitError
		}
		in.exit(code)
	})
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}
