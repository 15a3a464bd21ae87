package plan

import "gitlab.com/keepup/keepup/checks"

// Existing links each finding to the issue that tracks it now, by
// fingerprint, as found among issues (the one list of the issues that
// carry the keepup label): its open issue (the oldest, when there are
// duplicates), else the newest closed one. It changes nothing: it is for
// the readers that show issues without syncing them, such as the merge
// request gate's note, which runs after a check in the same pipeline may
// have opened them.
func (p *Planner) Existing(findings []checks.Finding, issues []Issue) map[string]Link {
	byFP := indexByFingerprint(issues, p.opts.Namespace)
	links := map[string]Link{}
	for _, fp := range Fingerprints(p.opts.Issues, findings) {
		open, closed := split(byFP[fp])
		switch {
		case len(open) > 0:
			links[fp] = Link{URL: open[0].WebURL, IID: open[0].IID, State: LinkOpened}
		case len(closed) > 0:
			last := closed[len(closed)-1]
			links[fp] = Link{URL: last.WebURL, IID: last.IID, State: LinkClosed}
		}
	}
	return links
}
