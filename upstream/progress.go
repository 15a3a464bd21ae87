package upstream

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progressTick is how often the progress line is redrawn while a request
// is slow to answer.
const progressTick = 250 * time.Millisecond

// clearLine returns the cursor to the line's start and erases the line.
const clearLine = "\r\x1b[K"

// progress is a one-line indicator on a terminal: "keepup: fetching
// endoflife.date data: 3/12 products". It shows only once fetching has taken
// longer than after, and it is erased when fetching ends.
type progress struct {
	w     io.Writer
	now   func() time.Time
	after time.Duration
	start time.Time
	total int
	stop  chan struct{}
	ended chan struct{}

	mu    sync.Mutex
	done  int
	shown bool
}

// startProgress starts the progress line for total products when the
// Client writes progress to a terminal; the returned function ends it.
func (c *Client) startProgress(total int) (finish func()) {
	if c.Progress == nil || !c.Terminal || total == 0 {
		return func() {}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.progress != nil {
		return func() {} // another fetch shows its own line
	}
	p := &progress{w: c.Progress, now: c.now, after: cmp(c.ProgressAfter, DefaultProgressAfter),
		start: c.now(), total: total, stop: make(chan struct{}), ended: make(chan struct{})}
	c.progress = p
	go p.tick()
	return func() {
		c.mu.Lock()
		c.progress = nil
		c.mu.Unlock()
		p.finish()
	}
}

// progressStep adds n finished products to the progress line and redraws it.
func (c *Client) progressStep(n int) {
	c.mu.Lock()
	p := c.progress
	c.mu.Unlock()
	if p != nil {
		p.mu.Lock()
		p.done += n
		p.draw()
		p.mu.Unlock()
	}
}

// tick redraws the line while one slow request gives no other occasion.
func (p *progress) tick() {
	defer close(p.ended)
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

// draw writes the line if fetching has taken long enough; p.mu is held.
func (p *progress) draw() {
	if p.now().Sub(p.start) < p.after {
		return
	}
	fmt.Fprintf(p.w, "\rkeepup: fetching endoflife.date data: %d/%d products\x1b[K", p.done, p.total)
	p.shown = true
}

// interrupt erases the line for f's output; the next draw brings it back.
func (p *progress) interrupt(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		io.WriteString(p.w, clearLine)
		p.shown = false
	}
	f()
}

// finish stops the line and erases it.
func (p *progress) finish() {
	close(p.stop)
	<-p.ended
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		io.WriteString(p.w, clearLine)
		p.shown = false
	}
}
