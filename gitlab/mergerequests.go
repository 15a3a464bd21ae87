package gitlab

import (
	"context"
	"errors"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// File reads a file of the repository at a ref. found is false when the
// file or ref does not exist.
func (c *Client) File(ctx context.Context, path, ref string) (data []byte, found bool, err error) {
	data, _, err = c.api.RepositoryFiles.GetRawFile(c.project, path, &gl.GetRawFileOptions{Ref: &ref}, gl.WithContext(ctx))
	switch {
	case errors.Is(err, gl.ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, c.wrap(err, "reading %s at %s", path, ref)
	}
	return data, true, nil
}

// UpsertMergeRequestNote keeps one note on a merge request, found by a
// hidden marker in its body: it creates the note, or edits it when its
// body changed. It returns the note's ID and whether anything was written.
func (c *Client) UpsertMergeRequestNote(ctx context.Context, iid int64, marker, body string) (id int64, written bool, err error) {
	body = marker + "\n" + body
	opt := &gl.ListMergeRequestNotesOptions{ListOptions: gl.ListOptions{PerPage: 100}, OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("asc")}
	notes, err := pages(func(page int64) ([]*gl.Note, *gl.Response, error) {
		opt.Page = page
		return c.api.Notes.ListMergeRequestNotes(c.project, iid, opt, gl.WithContext(ctx))
	})
	if err != nil {
		return 0, false, c.wrap(err, "listing the notes of merge request !%d", iid)
	}
	for _, n := range notes {
		if !strings.HasPrefix(n.Body, marker) {
			continue
		}
		if n.Body == body {
			return n.ID, false, nil
		}
		_, _, err := c.api.Notes.UpdateMergeRequestNote(c.project, iid, n.ID, &gl.UpdateMergeRequestNoteOptions{Body: &body}, gl.WithContext(ctx))
		return n.ID, err == nil, c.wrap(err, "editing note %d of merge request !%d", n.ID, iid)
	}
	n, _, err := c.api.Notes.CreateMergeRequestNote(c.project, iid, &gl.CreateMergeRequestNoteOptions{Body: &body}, gl.WithContext(ctx))
	if err != nil {
		return 0, false, c.wrap(err, "adding a note to merge request !%d", iid)
	}
	return n.ID, true, nil
}
