package plan

import (
	"reflect"
	"testing"

	"gitlab.com/keepup/keepup/checks"
)

func TestExisting(t *testing.T) {
	p := planner(t, options())
	other := planner(t, options(func(o *Options) { o.Namespace = "other" }))
	f33, f32, f31 := finding("1.33", checks.Overdue), finding("1.32", checks.Overdue), finding("1.31", checks.Overdue)
	issues := []Issue{
		closed(t, p, made(t, p, f32, 1), "resolved"),
		closed(t, p, made(t, p, f32, 2), ""),
		made(t, p, f33, 3),
		made(t, p, f33, 5),
		made(t, other, f31, 6), // another policy's issue for 1.31
		made(t, p, f33, 3),     // listed twice
	}
	f32.Status = checks.Supported
	got := p.Existing([]checks.Finding{f33, f32, f31}, issues)
	want := map[string]Link{
		Fingerprint("default", f33): {URL: "https://gitlab.example/p/-/issues/3", IID: 3, State: LinkOpened},
		Fingerprint("default", f32): {URL: "https://gitlab.example/p/-/issues/2", IID: 2, State: LinkClosed},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Existing:\n got %v\nwant %v", got, want)
	}
	if got := p.Existing(nil, issues); len(got) != 0 {
		t.Errorf("Existing without findings = %v, want none", got)
	}
}

// With issues.group: target, the findings a target owes share its issue.
func TestExistingGroupTarget(t *testing.T) {
	p := planner(t, options(func(o *Options) { o.Group = GroupTarget }))
	f36, f35 := finding("1.36", checks.Overdue), finding("1.35", checks.Overdue)
	f35.ClearedBy = "1.36"
	iss := made(t, p, f36, 7)
	got := p.Existing([]checks.Finding{f36, f35}, []Issue{iss})
	want := map[string]Link{TargetFingerprint("default", "k8s"): {URL: iss.WebURL, IID: 7, State: LinkOpened}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Existing:\n got %v\nwant %v", got, want)
	}
}
