package starter

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/config"
)

// header opens a starter policy in place of the default policy's own.
const header = `# keepup's policy for this project, started by 'keepup init' from what it
# found in the repository. The windows are those of keepup's default policy:
# the support policy of GitLab's Distribution team (GitLab handbook,
# "Distribution Team Workflow"). Each target's detect rules read the
# releases the project supports from its files (README: "Detecting
# supported releases"); check what each rule found ('keepup explain TARGET'
# shows where), then commit this file. The targets commented out are the
# default policy's that init found nothing for: to hold the project to one,
# uncomment it and list releases under supported, or add detect rules.
`

// Policy returns the text of the starter policy. With nothing found, it
// is the default policy as it is (every target in calendar mode). Else
// each default target found gets its detect rules and the others are
// commented out (unless none is found: then they stay, in calendar mode),
// and the extra targets found follow, with the windows of the default
// policy's managed dependencies. The text is checked to parse as a policy.
func (r *Result) Policy() ([]byte, error) {
	def := config.DefaultYAML()
	if len(r.Targets) == 0 {
		return def, nil
	}
	lines := strings.Split(strings.TrimSuffix(string(def), "\n"), "\n")
	start := 0
	for start < len(lines) && !strings.HasPrefix(lines[start], "version:") {
		start++
	}
	commentOthers := r.Active()
	var b strings.Builder
	b.WriteString(header)
	for i := start; i < len(lines); i++ {
		name, ok := strings.CutPrefix(lines[i], "  - name: ")
		if !ok {
			b.WriteString(lines[i] + "\n")
			continue
		}
		end := i + 1
		for end < len(lines) && strings.HasPrefix(lines[end], "    ") {
			end++
		}
		t := r.Target(name)
		switch {
		case t != nil && t.Off == "":
			writeTarget(&b, lines[i:end], t, false)
		case t != nil:
			writeTarget(&b, lines[i:end], t, true)
		default:
			writeTarget(&b, lines[i:end], &Target{}, commentOthers)
		}
		i = end - 1
	}
	if err := r.writeExtras(&b); err != nil {
		return nil, err
	}
	out := []byte(b.String())
	if _, err := config.Parse(out, config.FileName, r.products); err != nil {
		return nil, fmt.Errorf("the starter policy does not parse (a bug in keepup init): %w", err)
	}
	return out, nil
}

// writeExtras writes the extra targets found, held like the default
// policy's managed dependencies (its postgresql target).
func (r *Result) writeExtras(b *strings.Builder) error {
	var windows []string
	for i := range r.Targets {
		t := &r.Targets[i]
		if !t.Extra {
			continue
		}
		if windows == nil {
			def, err := config.Default(r.products)
			if err != nil {
				return err
			}
			like, ok := def.Target("postgresql")
			if !ok {
				return fmt.Errorf("the default policy has no postgresql target to take the windows of dependencies from")
			}
			fmt.Fprintf(b, "  # Language runtimes found in the repository, held like the managed\n  # dependencies above: due-soon after %s, overdue after %s.\n", like.Warn, like.Window)
			windows = []string{"    warn: " + like.Warn.String(), "    window: " + like.Window.String()}
		}
		block := append([]string{"  - name: " + t.Name, "    product: " + t.Product}, windows...)
		writeTarget(b, block, t, t.Off != "")
	}
	return nil
}

// writeTarget writes a target's lines and its detect rules, commented
// out (after why) when off.
func writeTarget(b *strings.Builder, block []string, t *Target, off bool) {
	lines := slices.Clone(block)
	if len(t.Rules) > 0 {
		lines = append(lines, "    detect:")
		for _, r := range t.Rules {
			lines = append(lines, ruleLines(r)...)
		}
	}
	if !off {
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		return
	}
	if t.Off != "" {
		writeComment(b, "  ", t.Off)
	}
	for _, l := range lines {
		b.WriteString("  # " + strings.TrimPrefix(l, "  ") + "\n")
	}
}

// ruleLines returns a detect rule's lines, after a comment saying what it
// found where.
func ruleLines(r Rule) []string {
	t := Target{Rules: []Rule{r}}
	var releases, places []string
	for _, f := range t.Releases() {
		releases = append(releases, f.Release)
		for _, p := range f.Places {
			if !slices.Contains(places, p) {
				places = append(places, p)
			}
		}
	}
	var b strings.Builder
	writeComment(&b, "      ", fmt.Sprintf("%s: %s in %s", r.What, strings.Join(releases, ", "), list(places, 3)))
	if len(r.Problems) > 0 {
		writeComment(&b, "      ", fmt.Sprintf("optional, for keepup init found %s with it, the first: %v", count(len(r.Problems), "problem"), r.Problems[0]))
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	lines = append(lines, "      - file: "+quote(r.File))
	switch {
	case r.Regex != "":
		lines = append(lines, "        regex: "+quote(r.Regex))
	case r.YAML != "":
		lines = append(lines, "        yaml: "+quote(r.YAML))
	}
	if r.Semver {
		lines = append(lines, "        semver: true")
	}
	if r.Optional {
		lines = append(lines, "        optional: true")
	}
	return lines
}

// plain matches the values written without quotes.
var plain = regexp.MustCompile(`^[A-Za-z0-9_.][A-Za-z0-9_./-]*$`)

// quote writes a YAML scalar: plain when safe, else single-quoted, which
// keeps backslashes as they are.
func quote(s string) string {
	if plain.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// writeComment writes text as comment lines of at most about 100
// characters, at indent.
func writeComment(b *strings.Builder, indent, text string) {
	line := indent + "#"
	for _, word := range strings.Fields(text) {
		if len(line)+1+len(word) > 100 && len(line) > len(indent)+1 {
			b.WriteString(line + "\n")
			line = indent + "#"
		}
		line += " " + word
	}
	b.WriteString(line + "\n")
}

// list joins items, the first n at most.
func list(items []string, n int) string {
	if len(items) > n {
		return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
	}
	return strings.Join(items, ", ")
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
