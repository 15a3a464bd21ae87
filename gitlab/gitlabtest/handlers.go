package gitlabtest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// routes registers the endpoints. Handlers run with s.mu held; {id} is a
// numeric ID or a URL-encoded full path.
func (s *Server) routes() {
	for pattern, h := range map[string]http.HandlerFunc{
		"GET /projects/{id}/issues":                           s.inProject(s.listIssues),
		"POST /projects/{id}/issues":                          s.inProject(s.createIssue),
		"PUT /projects/{id}/issues/{iid}":                     s.inProject(s.updateIssue),
		"GET /projects/{id}/issues/{iid}/notes":               s.inProject(s.listNotes("Issue")),
		"POST /projects/{id}/issues/{iid}/notes":              s.inProject(s.createNote("Issue")),
		"GET /projects/{id}/milestones":                       s.inProject(s.listProjectMilestones),
		"GET /groups/{id}/milestones":                         s.listGroupMilestones,
		"GET /projects/{id}/pipelines":                        s.inProject(listPipelines),
		"GET /projects/{id}/pipelines/{pid}/jobs":             s.inProject(listJobs),
		"GET /projects/{id}/merge_requests/{iid}":             s.inProject(getMergeRequest),
		"GET /projects/{id}/merge_requests/{iid}/notes":       s.inProject(s.listNotes("MergeRequest")),
		"POST /projects/{id}/merge_requests/{iid}/notes":      s.inProject(s.createNote("MergeRequest")),
		"PUT /projects/{id}/merge_requests/{iid}/notes/{nid}": s.inProject(s.updateNote("MergeRequest")),
		"GET /projects/{id}/repository/files/{file}/raw":      s.inProject(getRawFile),
	} {
		method, p, _ := strings.Cut(pattern, " ")
		s.mux.HandleFunc(method+" "+apiPrefix+p, h)
	}
}

type projectHandler func(http.ResponseWriter, *http.Request, *project)

// inProject runs h on the {id} project, answering 404 if there is none.
func (s *Server) inProject(h projectHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if p := s.projects[s.key(r.PathValue("id"))]; p != nil {
			h(w, r, p)
		} else {
			writeError(w, http.StatusNotFound, "404 Project Not Found")
		}
	}
}

// listIssues filters by state and labels (all must match) and orders by
// created_at or updated_at, newest first unless sort=asc.
func (s *Server) listIssues(w http.ResponseWriter, r *http.Request, p *project) {
	q := r.URL.Query()
	if !oneOf(w, q, "state", "opened", "closed", "all") ||
		!oneOf(w, q, "order_by", "created_at", "updated_at") || !oneOf(w, q, "sort", "asc", "desc") {
		return
	}
	want := splitList(q.Get("labels"))
	var out []*gitlab.Issue
	for _, is := range p.issues {
		if st := q.Get("state"); (st == "" || st == "all" || st == is.State) && containsAll(is.Labels, want) {
			out = append(out, is)
		}
	}
	sortByTime(out, q, func(is *gitlab.Issue) (*time.Time, *time.Time, int64) { return is.CreatedAt, is.UpdatedAt, is.ID })
	paginate(w, r, out)
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request, p *project) {
	f, ok := readForm(w, r)
	if !ok {
		return
	}
	if title, _ := f.str("title"); missing(w, "title", title) {
		return
	}
	is := &gitlab.Issue{
		State:  "opened",
		Author: &gitlab.IssueAuthor{ID: apiUser.id, Username: apiUser.username, State: "active"},
		Labels: gitlab.Labels{},
	}
	if s.applyIssueFields(w, p, is, f) {
		s.addIssue(p, is)
		writeJSON(w, http.StatusCreated, is)
	}
}

func (s *Server) updateIssue(w http.ResponseWriter, r *http.Request, p *project) {
	is := p.issue(pathID(r, "iid"))
	if is == nil {
		writeError(w, http.StatusNotFound, "404 Issue Not Found")
		return
	}
	f, ok := readForm(w, r)
	if !ok {
		return
	}
	// Validate everything before changing anything.
	event, _ := f.str("state_event")
	if event != "" && event != "close" && event != "reopen" {
		badParam(w, "state_event does not have a valid value")
		return
	}
	updated := *is
	if !s.applyIssueFields(w, p, &updated, f) {
		return
	}
	*is = updated
	is.UpdatedAt = s.now()
	if event != "" {
		s.setState(is, event, apiUser)
	}
	writeJSON(w, http.StatusOK, is)
}

// applyIssueFields sets the issue fields that creating and editing share,
// answering 400 for an invalid value.
func (s *Server) applyIssueFields(w http.ResponseWriter, p *project, is *gitlab.Issue, f form) bool {
	if v, ok := f.str("title"); ok {
		is.Title = v
	}
	if v, ok := f.str("description"); ok {
		is.Description = v
	}
	if v, ok := f.str("confidential"); ok {
		is.Confidential = v == "true"
	}
	if v, ok := f.list("labels"); ok {
		is.Labels = normLabels(v)
	}
	if v, ok := f.list("add_labels"); ok {
		is.Labels = normLabels(append(slices.Clone(is.Labels), v...))
	}
	if v, ok := f.list("remove_labels"); ok {
		is.Labels = slices.DeleteFunc(slices.Clone(is.Labels), func(l string) bool { return slices.Contains(v, l) })
	}
	if ids, ok := f.list("assignee_ids"); ok {
		is.Assignees = []*gitlab.IssueAssignee{}
		for _, id := range ids {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				badParam(w, "assignee_ids is invalid")
				return false
			}
			is.Assignees = append(is.Assignees, &gitlab.IssueAssignee{ID: n})
		}
	}
	if v, ok := f.str("due_date"); ok { // "" or null unsets it
		is.DueDate = nil
		if v != "" {
			d, err := gitlab.ParseISOTime(v)
			if err != nil {
				badParam(w, "due_date is invalid")
				return false
			}
			is.DueDate = &d
		}
	}
	if v, ok := f.str("milestone_id"); ok { // 0, "" or null unsets it
		id, err := strconv.ParseInt(cmp.Or(v, "0"), 10, 64)
		is.Milestone = s.milestone(p, id)
		if err != nil || (id != 0 && is.Milestone == nil) {
			badParam(w, "milestone_id is invalid")
			return false
		}
	}
	return true
}

// milestone finds a milestone usable on p's issues: its own or an ancestor
// group's.
func (s *Server) milestone(p *project, id int64) *gitlab.Milestone {
	all := append(slices.Clone(p.milestones), s.ancestorMilestones(p.info.PathWithNamespace)...)
	if i := slices.IndexFunc(all, func(m *gitlab.Milestone) bool { return m.ID == id }); i >= 0 {
		return all[i]
	}
	return nil
}

// ancestorMilestones returns the milestones of the groups above fullPath.
func (s *Server) ancestorMilestones(fullPath string) []*gitlab.Milestone {
	var out []*gitlab.Milestone
	for i := strings.LastIndex(fullPath, "/"); i > 0; i = strings.LastIndex(fullPath, "/") {
		fullPath = fullPath[:i]
		if g := s.groups[strings.ToLower(fullPath)]; g != nil {
			out = append(out, g.milestones...)
		}
	}
	return out
}

// noteable finds the issue or merge request ({iid}) that a notes endpoint is
// about, answering 404 if there is none. It returns the noteable's ID and
// its user_notes_count.
func noteable(w http.ResponseWriter, r *http.Request, p *project, kind string) (int64, *int64) {
	iid := pathID(r, "iid")
	if is := p.issue(iid); kind == "Issue" && is != nil {
		return is.ID, &is.UserNotesCount
	}
	if mr := p.mrs[iid]; kind == "MergeRequest" && mr != nil {
		return mr.ID, &mr.UserNotesCount
	}
	writeError(w, http.StatusNotFound, "404 Not found")
	return 0, nil
}

// listNotes lists notes ordered by created_at or updated_at, newest first
// unless sort=asc.
func (s *Server) listNotes(kind string) projectHandler {
	return func(w http.ResponseWriter, r *http.Request, p *project) {
		q := r.URL.Query()
		if !oneOf(w, q, "order_by", "created_at", "updated_at") || !oneOf(w, q, "sort", "asc", "desc") {
			return
		}
		if _, count := noteable(w, r, p, kind); count != nil {
			notes := slices.Clone(p.notes[noteKey{kind, pathID(r, "iid")}])
			sortByTime(notes, q, func(n *gitlab.Note) (*time.Time, *time.Time, int64) { return n.CreatedAt, n.UpdatedAt, n.ID })
			paginate(w, r, notes)
		}
	}
}

func (s *Server) createNote(kind string) projectHandler {
	return func(w http.ResponseWriter, r *http.Request, p *project) {
		id, count := noteable(w, r, p, kind)
		if count == nil {
			return
		}
		f, ok := readForm(w, r)
		body, _ := f.str("body")
		if !ok || missing(w, "body", body) {
			return
		}
		internal, _ := f.str("internal")
		now := s.now()
		key := noteKey{kind, pathID(r, "iid")}
		n := &gitlab.Note{
			ID: s.nextID(), Body: body, Internal: internal == "true",
			Author:    gitlab.NoteAuthor{ID: apiUser.id, Username: apiUser.username, State: "active"},
			CreatedAt: now, UpdatedAt: now,
			NoteableID: id, NoteableIID: key.iid, NoteableType: kind, ProjectID: p.info.ID,
		}
		p.notes[key] = append(p.notes[key], n)
		*count++
		writeJSON(w, http.StatusCreated, n)
	}
}

func (s *Server) updateNote(kind string) projectHandler {
	return func(w http.ResponseWriter, r *http.Request, p *project) {
		if _, count := noteable(w, r, p, kind); count == nil {
			return
		}
		notes := p.notes[noteKey{kind, pathID(r, "iid")}]
		i := slices.IndexFunc(notes, func(n *gitlab.Note) bool { return n.ID == pathID(r, "nid") })
		if i < 0 {
			writeError(w, http.StatusNotFound, "404 Note Not Found")
			return
		}
		f, ok := readForm(w, r)
		body, _ := f.str("body")
		if !ok || missing(w, "body", body) {
			return
		}
		notes[i].Body, notes[i].UpdatedAt = body, s.now()
		writeJSON(w, http.StatusOK, notes[i])
	}
}

func (s *Server) listProjectMilestones(w http.ResponseWriter, r *http.Request, p *project) {
	if ms, ok := filterMilestones(w, r, p.milestones, s.ancestorMilestones(p.info.PathWithNamespace)); ok {
		paginate(w, r, ms)
	}
}

func (s *Server) listGroupMilestones(w http.ResponseWriter, r *http.Request) {
	g := s.groups[s.key(r.PathValue("id"))]
	if g == nil {
		writeError(w, http.StatusNotFound, "404 Group Not Found")
		return
	}
	if ms, ok := filterMilestones(w, r, g.milestones, s.ancestorMilestones(g.path)); ok {
		paginate(w, r, recode[[]gitlab.GroupMilestone](ms))
	}
}

// filterMilestones applies the state (active, closed, all) and title
// filters, adds the ancestors' milestones if include_ancestors=true, and
// orders them like GitLab's MilestonesFinder: by due date, undated last,
// then by title.
func filterMilestones(w http.ResponseWriter, r *http.Request, own, ancestors []*gitlab.Milestone) ([]*gitlab.Milestone, bool) {
	q := r.URL.Query()
	if !oneOf(w, q, "state", "active", "closed", "all") {
		return nil, false
	}
	all := slices.Clone(own)
	if q.Get("include_ancestors") == "true" {
		all = append(all, ancestors...)
	}
	all = slices.DeleteFunc(all, func(m *gitlab.Milestone) bool {
		st := q.Get("state")
		return (st != "" && st != "all" && m.State != st) || !matches(q, "title", m.Title)
	})
	due := func(m *gitlab.Milestone) time.Time {
		if m.DueDate == nil {
			return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		}
		return time.Time(*m.DueDate)
	}
	slices.SortStableFunc(all, func(a, b *gitlab.Milestone) int {
		return cmp.Or(due(a).Compare(due(b)), strings.Compare(a.Title, b.Title))
	})
	return all, true
}

// listPipelines filters by ref, sha, status, source and scope (running,
// pending, finished) and orders by order_by (id, status, ref, updated_at),
// descending unless sort=asc.
func listPipelines(w http.ResponseWriter, r *http.Request, p *project) {
	q := r.URL.Query()
	if !oneOf(w, q, "scope", "running", "pending", "finished") ||
		!oneOf(w, q, "order_by", "id", "status", "ref", "updated_at") || !oneOf(w, q, "sort", "asc", "desc") {
		return
	}
	var out []*gitlab.PipelineInfo
	for _, pl := range p.pipelines {
		i := &pl.info
		if matches(q, "ref", i.Ref) && matches(q, "sha", i.SHA) && matches(q, "status", i.Status) &&
			matches(q, "source", i.Source) && inScope(q.Get("scope"), i.Status) {
			out = append(out, i)
		}
	}
	slices.SortFunc(out, func(a, b *gitlab.PipelineInfo) int {
		c := 0
		switch q.Get("order_by") {
		case "status":
			c = strings.Compare(a.Status, b.Status)
		case "ref":
			c = strings.Compare(a.Ref, b.Ref)
		case "updated_at":
			c = a.UpdatedAt.Compare(*b.UpdatedAt)
		}
		return directed(q, cmp.Or(c, cmp.Compare(a.ID, b.ID)))
	})
	paginate(w, r, out)
}

// inScope reports whether a pipeline status is in a scope: "" (any),
// running, pending or finished.
func inScope(scope, status string) bool {
	switch scope {
	case "":
		return true
	case "finished": // GitLab's completed statuses
		return status == "success" || status == "failed" || status == "canceled" || status == "skipped"
	}
	return scope == status
}

// listJobs lists a pipeline's jobs in creation order, keeping those whose
// status is in scope[] if given.
func listJobs(w http.ResponseWriter, r *http.Request, p *project) {
	i := slices.IndexFunc(p.pipelines, func(pl *pipeline) bool { return pl.info.ID == pathID(r, "pid") })
	if i < 0 {
		writeError(w, http.StatusNotFound, "404 Pipeline Not Found")
		return
	}
	scope := append(r.URL.Query()["scope[]"], r.URL.Query()["scope"]...)
	paginate(w, r, slices.DeleteFunc(slices.Clone(p.pipelines[i].jobs), func(j *gitlab.Job) bool {
		return len(scope) > 0 && !slices.Contains(scope, j.Status)
	}))
}

func getMergeRequest(w http.ResponseWriter, r *http.Request, p *project) {
	if mr := p.mrs[pathID(r, "iid")]; mr != nil {
		writeJSON(w, http.StatusOK, mr)
	} else {
		writeError(w, http.StatusNotFound, "404 Not found")
	}
}

// getRawFile serves a file at ?ref=, by default the default branch.
func getRawFile(w http.ResponseWriter, r *http.Request, p *project) {
	ref := cmp.Or(r.URL.Query().Get("ref"), p.info.DefaultBranch)
	content, ok := p.files[fileKey{ref, r.PathValue("file")}]
	if !ok {
		writeError(w, http.StatusNotFound, "404 File Not Found")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(content)
}

// sortByTime orders items by order_by (created_at by default, or
// updated_at), then ID; descending unless sort=asc.
func sortByTime[T any](items []T, q url.Values, key func(T) (created, updated *time.Time, id int64)) {
	slices.SortFunc(items, func(a, b T) int {
		ac, au, aid := key(a)
		bc, bu, bid := key(b)
		c := ac.Compare(*bc)
		if q.Get("order_by") == "updated_at" {
			c = au.Compare(*bu)
		}
		return directed(q, cmp.Or(c, cmp.Compare(aid, bid)))
	})
}

// directed applies the sort parameter (desc by default) to a comparison.
func directed(q url.Values, c int) int {
	if q.Get("sort") == "asc" {
		return c
	}
	return -c
}

// matches reports whether query parameter name is unset or equals v.
func matches(q url.Values, name, v string) bool {
	return q.Get(name) == "" || q.Get(name) == v
}

func containsAll(have, want []string) bool {
	return !slices.ContainsFunc(want, func(l string) bool { return !slices.Contains(have, l) })
}
