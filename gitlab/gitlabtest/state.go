package gitlabtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// project is the state of one project, kept in creation order.
type project struct {
	info       gitlab.Project
	issues     []*gitlab.Issue
	mrs        map[int64]*gitlab.MergeRequest // by IID
	notes      map[noteKey][]*gitlab.Note
	milestones []*gitlab.Milestone
	pipelines  []*pipeline
	files      map[fileKey][]byte

	lastIssueIID, lastMRIID, lastMilestoneIID, lastPipelineIID int64
}

// noteKey names what notes are on: kind is "Issue" or "MergeRequest".
type noteKey struct {
	kind string
	iid  int64
}

type fileKey struct{ ref, path string }

type pipeline struct {
	info gitlab.PipelineInfo
	jobs []*gitlab.Job
}

type group struct {
	id               int64
	path             string
	milestones       []*gitlab.Milestone // with GroupID set
	lastMilestoneIID int64
}

// user is someone who authors or closes things: the token's owner or a person.
type user struct {
	id       int64
	username string
}

var (
	apiUser = user{1, APIUsername}
	person  = user{2, PersonUsername}
)

func (s *Server) nextID() int64 {
	s.seq++
	return s.seq
}

func (s *Server) now() *time.Time {
	t := s.clock()
	return &t
}

// key turns an :id path value, a numeric ID or a full path, into a key of
// s.projects or s.groups.
func (s *Server) key(id string) string {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return strings.ToLower(id)
	}
	for k, p := range s.projects {
		if p.info.ID == n {
			return k
		}
	}
	for k, g := range s.groups {
		if g.id == n {
			return k
		}
	}
	return ""
}

// mustProject finds a project for a seeding helper, failing the test if
// there is none. The caller holds s.mu.
func (s *Server) mustProject(fullPath string) *project {
	s.t.Helper()
	p := s.projects[strings.ToLower(fullPath)]
	if p == nil {
		s.t.Fatalf("gitlabtest: no project %q; add it with AddProject", fullPath)
	}
	return p
}

// AddProject creates a project with the given full path, e.g. "group/app",
// and default branch "main", and returns its ID.
func (s *Server) AddProject(fullPath string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := fullPath[strings.LastIndex(fullPath, "/")+1:]
	p := &project{
		info: gitlab.Project{
			ID: s.nextID(), Name: name, Path: name, PathWithNamespace: fullPath,
			DefaultBranch: "main", WebURL: s.srv.URL + "/" + fullPath,
		},
		mrs:   map[int64]*gitlab.MergeRequest{},
		notes: map[noteKey][]*gitlab.Note{},
		files: map[fileKey][]byte{},
	}
	s.projects[strings.ToLower(fullPath)] = p
	return p.info.ID
}

// AddGroup creates a group with the given full path and returns its ID.
// Its milestones can be set on issues of projects below it, and are listed
// for projects and groups below it with include_ancestors=true.
func (s *Server) AddGroup(fullPath string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &group{id: s.nextID(), path: fullPath}
	s.groups[strings.ToLower(fullPath)] = g
	return g.id
}

// AddIssue adds an issue as a person would, filling in what is unset: ID,
// IID, state "opened", author PersonUsername and timestamps. It returns the
// IID.
func (s *Server) AddIssue(projectPath string, is gitlab.Issue) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(projectPath)
	is.State = cmp.Or(is.State, "opened")
	is.Author = cmp.Or(is.Author, &gitlab.IssueAuthor{ID: person.id, Username: person.username, State: "active"})
	is.Labels = normLabels(is.Labels)
	s.addIssue(p, &is)
	return is.IID
}

// addIssue stores a new issue, filling in IDs, timestamps and links.
func (s *Server) addIssue(p *project, is *gitlab.Issue) {
	is.ID = cmp.Or(is.ID, s.nextID())
	is.IID = cmp.Or(is.IID, p.lastIssueIID+1)
	p.lastIssueIID = max(p.lastIssueIID, is.IID)
	is.ProjectID = p.info.ID
	is.CreatedAt = cmp.Or(is.CreatedAt, s.now())
	is.UpdatedAt = cmp.Or(is.UpdatedAt, is.CreatedAt)
	if is.Assignees == nil {
		is.Assignees = []*gitlab.IssueAssignee{}
	}
	is.WebURL = fmt.Sprintf("%s/-/issues/%d", p.info.WebURL, is.IID)
	ref := fmt.Sprintf("#%d", is.IID)
	is.References = &gitlab.IssueReferences{Short: ref, Relative: ref, Full: p.info.PathWithNamespace + ref}
	p.issues = append(p.issues, is)
}

// CloseIssue closes an issue as a person would.
func (s *Server) CloseIssue(projectPath string, iid int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.mustProject(projectPath).issue(iid)
	if is == nil {
		s.t.Fatalf("gitlabtest: no issue %s#%d", projectPath, iid)
	}
	s.setState(is, "close", person)
}

func (p *project) issue(iid int64) *gitlab.Issue {
	if i := slices.IndexFunc(p.issues, func(is *gitlab.Issue) bool { return is.IID == iid }); i >= 0 {
		return p.issues[i]
	}
	return nil
}

// setState applies a state event, "close" or "reopen", to an issue. As in
// GitLab, an event that would not change the state (closing a closed issue)
// changes nothing, so who closed it and when are kept.
func (s *Server) setState(is *gitlab.Issue, event string, by user) {
	if (event == "reopen") == (is.State == "opened") {
		return
	}
	is.UpdatedAt = s.now()
	if event == "reopen" {
		is.State, is.ClosedAt, is.ClosedBy = "opened", nil, nil
		return
	}
	is.State, is.ClosedAt = "closed", is.UpdatedAt
	is.ClosedBy = &gitlab.IssueCloser{ID: by.id, Username: by.username, State: "active"}
}

// Issues returns a project's issues in IID order, as the API shows them.
func (s *Server) Issues(projectPath string) []gitlab.Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return recode[[]gitlab.Issue](s.mustProject(projectPath).issues)
}

// IssueNotes returns the notes of an issue, oldest first.
func (s *Server) IssueNotes(projectPath string, iid int64) []gitlab.Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return recode[[]gitlab.Note](s.mustProject(projectPath).notes[noteKey{"Issue", iid}])
}

// MergeRequestNotes returns the notes of a merge request, oldest first.
func (s *Server) MergeRequestNotes(projectPath string, iid int64) []gitlab.Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return recode[[]gitlab.Note](s.mustProject(projectPath).notes[noteKey{"MergeRequest", iid}])
}

// AddMilestone adds a project milestone, with or without a due date,
// filling in ID, IID, state "active" and timestamps if unset. It returns
// the ID.
func (s *Server) AddMilestone(projectPath string, m gitlab.Milestone) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(projectPath)
	p.lastMilestoneIID++
	m.ProjectID = p.info.ID
	m.WebURL = fmt.Sprintf("%s/-/milestones/%d", p.info.WebURL, p.lastMilestoneIID)
	p.milestones = append(p.milestones, s.fillMilestone(&m, p.lastMilestoneIID))
	return m.ID
}

// AddGroupMilestone adds a milestone to a group made with AddGroup, like
// AddMilestone. It returns the ID.
func (s *Server) AddGroupMilestone(groupPath string, gm gitlab.GroupMilestone) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[strings.ToLower(groupPath)]
	if g == nil {
		s.t.Fatalf("gitlabtest: no group %q; add it with AddGroup", groupPath)
	}
	g.lastMilestoneIID++
	m := recode[gitlab.Milestone](gm)
	m.GroupID = g.id
	m.WebURL = fmt.Sprintf("%s/groups/%s/-/milestones/%d", s.srv.URL, g.path, g.lastMilestoneIID)
	g.milestones = append(g.milestones, s.fillMilestone(&m, g.lastMilestoneIID))
	return m.ID
}

func (s *Server) fillMilestone(m *gitlab.Milestone, iid int64) *gitlab.Milestone {
	m.ID = cmp.Or(m.ID, s.nextID())
	m.IID = cmp.Or(m.IID, iid)
	m.State = cmp.Or(m.State, "active")
	m.CreatedAt = cmp.Or(m.CreatedAt, s.now())
	m.UpdatedAt = cmp.Or(m.UpdatedAt, m.CreatedAt)
	return m
}

// AddPipeline adds a pipeline with its jobs and returns the pipeline ID.
// Status, ref, source, times and web URL are taken as given; unset IDs,
// times and web URLs are filled in, and each job gets the pipeline and,
// unless set, its ref.
func (s *Server) AddPipeline(projectPath string, info gitlab.PipelineInfo, jobs ...gitlab.Job) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(projectPath)
	p.lastPipelineIID++
	info.ID = cmp.Or(info.ID, s.nextID())
	info.IID = cmp.Or(info.IID, p.lastPipelineIID)
	info.ProjectID = p.info.ID
	info.CreatedAt = cmp.Or(info.CreatedAt, s.now())
	info.UpdatedAt = cmp.Or(info.UpdatedAt, info.CreatedAt)
	info.WebURL = cmp.Or(info.WebURL, fmt.Sprintf("%s/-/pipelines/%d", p.info.WebURL, info.ID))
	pl := &pipeline{info: info}
	for _, j := range jobs {
		j.ID = cmp.Or(j.ID, s.nextID())
		j.Ref = cmp.Or(j.Ref, info.Ref)
		j.Pipeline = gitlab.JobPipeline{ID: info.ID, ProjectID: p.info.ID, Ref: info.Ref, Sha: info.SHA, Status: info.Status}
		j.CreatedAt = cmp.Or(j.CreatedAt, info.CreatedAt)
		j.WebURL = cmp.Or(j.WebURL, fmt.Sprintf("%s/-/jobs/%d", p.info.WebURL, j.ID))
		pl.jobs = append(pl.jobs, &j)
	}
	p.pipelines = append(p.pipelines, pl)
	return info.ID
}

// SetMergeRequest adds a merge request, or replaces the one with the same
// IID (keeping its notes). Unset IID, ID, state ("opened") and timestamps
// are filled in. It returns the IID.
func (s *Server) SetMergeRequest(projectPath string, mr gitlab.MergeRequest) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(projectPath)
	m := &mr.BasicMergeRequest
	m.IID = cmp.Or(m.IID, p.lastMRIID+1)
	p.lastMRIID = max(p.lastMRIID, m.IID)
	m.ID = cmp.Or(m.ID, s.nextID())
	m.State = cmp.Or(m.State, "opened")
	m.ProjectID, m.SourceProjectID, m.TargetProjectID = p.info.ID, p.info.ID, p.info.ID
	m.Labels = normLabels(m.Labels)
	m.CreatedAt = cmp.Or(m.CreatedAt, s.now())
	m.UpdatedAt = cmp.Or(m.UpdatedAt, m.CreatedAt)
	m.WebURL = fmt.Sprintf("%s/-/merge_requests/%d", p.info.WebURL, m.IID)
	m.UserNotesCount = int64(len(p.notes[noteKey{"MergeRequest", m.IID}]))
	p.mrs[m.IID] = &mr
	return m.IID
}

// PutFile stores a repository file's content at a ref (branch, tag or SHA).
func (s *Server) PutFile(projectPath, ref, filePath string, content []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustProject(projectPath).files[fileKey{ref, filePath}] = slices.Clone(content)
}

// normLabels sorts and de-duplicates labels, as GitLab shows them.
func normLabels(labels []string) gitlab.Labels {
	out := slices.Clone(labels)
	slices.Sort(out)
	return append(gitlab.Labels{}, slices.Compact(out)...)
}

// recode converts v to T through JSON: a deep copy of exactly what the
// client would decode, or a conversion between types with the same JSON
// fields, such as GroupMilestone and Milestone.
func recode[T any](v any) T {
	var out T
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		panic(fmt.Sprintf("gitlabtest: converting %T to %T: %v", v, out, err))
	}
	return out
}
