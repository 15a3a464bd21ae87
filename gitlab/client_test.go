package gitlab_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

func statusesOf(reqs []gitlabtest.Request) []int {
	var out []int
	for _, r := range reqs {
		out = append(out, r.Status)
	}
	return out
}

// A GitLab URL that is not the API (a sign-in page, a proxy) answers HTML:
// the error says so, at once, without the page and without the token.
func TestClientHTML(t *testing.T) {
	const page = "<!DOCTYPE html>\n<html><body>Sign in " + secret + "</body></html>"
	t.Run("200 HTML", func(t *testing.T) {
		srv := newServer(t, gitlabtest.WithToken(secret))
		srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Body: page}, 5)
		c := connect(t, srv.URL(), secret, 10*time.Second)
		out, err := syncAt(t, c, k8s(`"1.33"`), "2026-08-25")
		if err == nil || !strings.Contains(err.Error(), "GitLab answered with HTML, not JSON: check CI_API_V4_URL or --gitlab-url, the API root") || strings.Contains(err.Error(), "Sign in") || strings.Contains(err.Error(), "SECRET") || out != nil {
			t.Errorf("err = %v", err)
		}
		if reqs := srv.Requests(); len(reqs) != 1 || srv.Writes() != 0 {
			t.Errorf("want one request, not retried%s", logOf(reqs))
		}
	})
	t.Run("200 plain text", func(t *testing.T) {
		srv := newServer(t)
		srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Body: "hello", ContentType: "text/plain"}, 1)
		_, err := syncAt(t, newClient(t, srv), k8s(`"1.33"`), "2026-08-25")
		if err == nil || !strings.Contains(err.Error(), "GitLab answered with text/plain, not JSON: check CI_API_V4_URL") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("404 HTML", func(t *testing.T) {
		srv := newServer(t)
		srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Status: 404, Body: page}, 1)
		_, err := syncAt(t, newClient(t, srv), k8s(`"1.33"`), "2026-08-25")
		if err == nil || !strings.Contains(err.Error(), "GitLab answered 404 Not Found with HTML, not JSON: check CI_API_V4_URL") || strings.Contains(err.Error(), "Sign in") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("502 HTML is retried", func(t *testing.T) {
		srv := newServer(t)
		srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Status: 502, Body: page}, 2)
		if _, err := syncAt(t, newClient(t, srv), k8s(`"1.35", "1.36"`), "2026-08-25"); err != nil {
			t.Errorf("err = %v", err)
		}
		if got := statusesOf(srv.Requests()); !slices.Equal(got, []int{502, 502, 200}) {
			t.Errorf("statuses %v", got)
		}
	})
	t.Run("raw file as HTML", func(t *testing.T) {
		srv := newServer(t)
		srv.PutFile(proj, "main", ".keepup.yml", []byte("version: 1\n"))
		c := newClient(t, srv)
		if data, found, err := c.File(context.Background(), ".keepup.yml", "main"); err != nil || !found || string(data) != "version: 1\n" {
			t.Fatalf("File = %q, %v, %v", data, found, err)
		}
		srv.Fail(http.MethodGet, "/projects/*/repository/files/*/raw", gitlabtest.Fault{Body: page}, 1)
		data, found, err := c.File(context.Background(), ".keepup.yml", "main")
		if err == nil || !strings.HasPrefix(err.Error(), "reading .keepup.yml at main: ") || !strings.Contains(err.Error(), "GitLab answered with HTML, not JSON: check CI_API_V4_URL") || found || data != nil {
			t.Errorf("File = %q, %v, %v", data, found, err)
		}
	})
	t.Run("a server that only speaks HTML", func(t *testing.T) {
		html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page)
		}))
		t.Cleanup(html.Close)
		c := connect(t, html.URL, secret, 10*time.Second)
		_, err := syncAt(t, c, k8s(`"1.33"`), "2026-08-25")
		if err == nil || !strings.Contains(err.Error(), "GitLab answered with HTML, not JSON: check CI_API_V4_URL") || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("err = %v", err)
		}
	})
}

// A connection reset or a timeout on a read is retried, a bounded number
// of times; a write that may have reached GitLab is not.
func TestClientRetriesFailedReads(t *testing.T) {
	t.Run("reset list", func(t *testing.T) {
		srv := newServer(t)
		srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Reset: true}, 2)
		mustSync(t, newClient(t, srv), k8s(`"1.35"`), "2026-08-25")
		if got := statusesOf(srv.Requests()); !slices.Equal(got[:3], []int{0, 0, 200}) {
			t.Errorf("statuses %v", got)
		}
	})
	t.Run("reset list, every time", func(t *testing.T) {
		srv := newServer(t)
		srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Reset: true}, 100)
		_, err := syncAt(t, newClient(t, srv), k8s(`"1.35"`), "2026-08-25")
		if n := len(srv.Requests()); err == nil || n != 5 || srv.Writes() != 0 {
			t.Errorf("%d attempts, err %v; want 5 and an error", n, err)
		}
	})
	t.Run("timeout on a read", func(t *testing.T) {
		srv := newServer(t)
		c := connect(t, srv.URL(), srv.Token(), 100*time.Millisecond)
		srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Delay: time.Minute}, 2)
		mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
		if got := statusesOf(srv.Requests()); !slices.Equal(got[:3], []int{0, 0, 200}) {
			t.Errorf("statuses %v", got)
		}
	})
	t.Run("reset create", func(t *testing.T) {
		srv := newServer(t)
		srv.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Reset: true}, 1)
		_, err := syncAt(t, newClient(t, srv), k8s(`"1.35"`), "2026-08-25")
		if err == nil || !strings.Contains(err.Error(), "creating the issue for default/kubernetes/1.36") || srv.Count(http.MethodPost) != 1 {
			t.Errorf("err %v, %d POSTs; want the error and one POST", err, srv.Count(http.MethodPost))
		}
	})
	t.Run("reset note read", func(t *testing.T) {
		srv := newServer(t)
		c := newClient(t, srv)
		mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
		srv.Fail(http.MethodGet, "/projects/*/issues/*/notes", gitlabtest.Fault{Reset: true}, 1)
		mustSync(t, c, k8s(`"1.35", "1.36"`), "2026-08-25")
		if is := only(t, srv, "default/kubernetes/1.36"); is.State != "closed" || len(srv.IssueNotes(proj, is.IID)) != 1 {
			t.Errorf("issue %s, notes %v", is.State, srv.IssueNotes(proj, is.IID))
		}
	})
}

// keepup reads no more of an answer than its bound.
func TestClientBoundsAnswers(t *testing.T) {
	srv := newServer(t)
	mustSync(t, newClient(t, srv), k8s(`"1.33"`), "2026-08-25") // three issues to list
	c, err := gitlab.New(gitlab.Config{BaseURL: srv.URL(), Token: srv.Token(), Project: proj, MaxResponse: 4096})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SyncIssues(context.Background(), evaluate(t, parse(t, k8s(`"1.33"`)), "2026-08-25", nil), options(parse(t, k8s(`"1.33"`))))
	if err == nil || !strings.Contains(err.Error(), "GitLab's answer is larger than 4096 bytes") || !strings.Contains(err.Error(), "listing the issues") {
		t.Errorf("err = %v", err)
	}
	if srv.Writes() != 3 {
		t.Errorf("%d writes in all, want the first run's 3", srv.Writes())
	}
	// Within the bound, the same answer is read whole.
	c, _ = gitlab.New(gitlab.Config{BaseURL: srv.URL(), Token: srv.Token(), Project: proj, MaxResponse: 1 << 20})
	if _, err := c.SyncIssues(context.Background(), evaluate(t, parse(t, k8s(`"1.33"`)), "2026-08-25", nil), options(parse(t, k8s(`"1.33"`)))); err != nil {
		t.Error(err)
	}
}
