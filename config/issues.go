package config

import (
	"strconv"
	"text/template"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
)

// Issues is the policy's issues section: how keepup turns findings into
// GitLab issues with --issues.
type Issues struct {
	// OpenOn is the least severe status that opens an issue: overdue,
	// due-soon or pending.
	OpenOn string
	// Label marks every issue keepup manages; issues are found by it.
	Label string
	// Labels are added to every issue, for the team's required labels.
	Labels []string
	// FiscalLabel adds FYnn::Qn from the due date (fiscal years from 1 February).
	FiscalLabel bool
	// Namespace separates the issues of two policies in one project.
	Namespace    string
	Confidential bool
	Assignees    []int64 // GitLab user IDs
	// CloseResolved closes an issue once its release is supported.
	CloseResolved bool
	// Reopen reopens an issue a person closed while the release is still unsupported.
	Reopen bool
	// Group is what one issue tracks: "release", one issue per release to
	// support, or "target", one issue per target for every release it owes.
	Group string
	// Title and Body are text/template sources; empty means keepup's default.
	Title, Body string
	Pos         Pos
	TitlePos    Pos
	BodyPos     Pos
}

// OpenOnValues lists the values of issues.open_on, most severe first.
var OpenOnValues = []string{"overdue", "due-soon", "pending"}

// GroupValues lists the values of issues.group, the default first.
var GroupValues = []string{"release", "target"}

// DefaultIssues returns the issues section a policy gets when it has none.
func DefaultIssues() Issues {
	return Issues{OpenOn: "overdue", Label: "keepup", Namespace: "default", CloseResolved: true, Group: "release"}
}

func (d *decoder) issues(n ast.Node, key string, is *Issues) error {
	is.Pos = d.pos(n)
	_, err := d.mapping(n, key, []field{
		{"open_on", d.oneOf(&is.OpenOn, "status", OpenOnValues)},
		{"label", func(n ast.Node, key string) error {
			if err := d.str(&is.Label, "a label")(n, key); err != nil || is.Label == "" {
				return err // an empty label is refused below
			}
			if msg := checkLabel(is.Label); msg != "" {
				return d.errorf(n, key, "%s", msg)
			}
			// keepup's status labels, label::overdue and so on, must fit too.
			if l := utf8.RuneCountInString(is.Label); l > maxLabel-statusSuffix {
				return d.errorf(n, key, "label %.20q... is %d characters long; keepup's status labels add up to %d (::not-required) and GitLab labels have at most %d: use at most %d", is.Label, l, statusSuffix, maxLabel, maxLabel-statusSuffix)
			}
			return nil
		}},
		{"labels", d.labels(&is.Labels)},
		{"fiscal_label", d.boolean(&is.FiscalLabel)},
		{"namespace", d.name(&is.Namespace, "namespace")},
		{"confidential", d.boolean(&is.Confidential)},
		{"assignees", func(n ast.Node, key string) error {
			return d.sequence(n, key, func(_ int, e ast.Node, key string) error {
				s, err := d.scalar(e, key, "a GitLab user ID")
				if err != nil {
					return err
				}
				id, err := strconv.ParseInt(s, 10, 64)
				if err != nil || id <= 0 {
					return d.errorf(e, key, "%q is not a GitLab user ID (a positive number; find it on the user's profile page)", clip(s))
				}
				is.Assignees = append(is.Assignees, id)
				return nil
			})
		}},
		{"close_resolved", d.boolean(&is.CloseResolved)},
		{"reopen", d.boolean(&is.Reopen)},
		{"group", d.oneOf(&is.Group, "grouping", GroupValues)},
		{"title", d.template(&is.Title, &is.TitlePos)},
		{"body", d.template(&is.Body, &is.BodyPos)},
	})
	if err == nil && is.Label == "" {
		return d.errorf(n, joinKey(key, "label"), "must not be empty: keepup finds its issues by this label")
	}
	return err
}

// template decodes a text/template source and checks its syntax.
func (d *decoder) template(dst *string, pos *Pos) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		if err := d.str(dst, "a template")(n, key); err != nil {
			return err
		}
		*pos = d.pos(n)
		if _, err := template.New(key).Option("missingkey=error").Parse(*dst); err != nil {
			return d.errorf(n, key, "%v", err)
		}
		return nil
	}
}

// boolean decodes true or false into dst.
func (d *decoder) boolean(dst *bool) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		n = d.resolve(n)
		b, ok := n.(*ast.BoolNode)
		if !ok {
			return d.errorf(n, key, "expected true or false, found %s", describe(n))
		}
		*dst = b.Value
		return nil
	}
}
