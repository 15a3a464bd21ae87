package cli

import (
	"strings"
	"testing"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

// The gate's merge-request note is the markdown report: it carries the
// timeline of the releases to support when there are any.
func TestGateNoteTimeline(t *testing.T) {
	srv := gitlabtest.New(t, gitlabtest.WithToken(secret))
	srv.AddProject("group/app")
	srv.PutFile("group/app", "main", ".keepup.yml", []byte(githubPolicy))
	srv.SetMergeRequest("group/app", gl.MergeRequest{BasicMergeRequest: gl.BasicMergeRequest{IID: 5}})
	env := map[string]string{
		"CI_API_V4_URL": srv.URL(), "CI_PROJECT_ID": "group/app", "CI_DEFAULT_BRANCH": "main",
		"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "5",
		"KEEPUP_GITLAB_TOKEN": secret, "KEEPUP_GITLAB_RETRY_WAIT": "10ms",
	}
	if code, _, stderr := runIn(t, t.TempDir(), env, "gate", "--now", "2026-08-25", "--mr-note"); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	notes := srv.MergeRequestNotes("group/app", 5)
	want := "```mermaid\ngantt\n    title Releases to support as of 2026-08-25\n" +
		"    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    todayMarker off\n    today 2026-08-25 :milestone, 2026-08-25, 0d\n" +
		"    section overdue\n    kubernetes 1.35 (k8s) :crit, 2025-12-17, 2026-03-17\n    kubernetes 1.36 (k8s) :crit, 2026-04-22, 2026-07-22\n" +
		"    section due-soon\n    nginx 1.31 :active, 2026-05-13, 2026-09-13\n```\n"
	if len(notes) != 1 || !strings.Contains(notes[0].Body, want) {
		t.Errorf("notes %d; the note lacks\n%s", len(notes), want)
		for _, n := range notes {
			t.Log(n.Body)
		}
	}
}
