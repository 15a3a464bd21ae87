// Command gremlins-go stands in for the go command while gremlins v0.6.0
// runs, to correct two defects of that version that skew its figures:
//
//   - The conditions of switch cases are never mutated: the coverage profile
//     has no block for a case expression, so gremlins reports every mutant
//     in one as NOT COVERED (go-gremlins/gremlins#298). The same goes for an if
//     condition that follows a func literal on its line. After gremlins'
//     coverage run (go test -coverprofile FILE), this adds a block for each
//     case expression of every switch statement the tests reached, and for
//     the condition of every if statement they reached. A condition counted
//     this way that the tests never evaluate shows as LIVED, not KILLED: the
//     correction can only make the figures stricter.
//   - A mutant that does not compile (a string "+" turned into "-") is
//     counted KILLED, because go test exits 1 for a build failure as for a
//     failing test. This exits 2 instead, which gremlins counts NOT VIABLE.
//
// It runs the go command named by GREMLINS_REAL_GO with the same arguments.
// .ci/mutation builds it as "go" into a directory put first in PATH for
// gremlins.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	real := os.Getenv("GREMLINS_REAL_GO")
	if real == "" {
		fmt.Fprintln(os.Stderr, "gremlins-go: GREMLINS_REAL_GO is not set")
		os.Exit(2)
	}
	args := os.Args[1:]
	if len(args) == 0 || args[0] != "test" {
		os.Exit(run(real, args, false))
	}
	profile := flagValue(args, "-coverprofile")
	code := run(real, args, profile == "")
	if code == 0 && profile != "" {
		if err := coverCases(profile); err != nil {
			fmt.Fprintln(os.Stderr, "gremlins-go:", err)
			os.Exit(2)
		}
	}
	os.Exit(code)
}

// run runs the real go command and returns its exit code. With mutant set,
// a build failure exits 2.
func run(real string, args []string, mutant bool) int {
	cmd := exec.Command(real, args...)
	cmd.Stdin = os.Stdin
	// gremlins kills this process when a mutant times out: take go with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var out bytes.Buffer
	if mutant {
		cmd.Stdout, cmd.Stderr = &out, &out
	} else {
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	}
	err := cmd.Run()
	os.Stdout.Write(out.Bytes())
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case !errors.As(err, &exit):
		fmt.Fprintln(os.Stderr, "gremlins-go:", err)
		return 2
	case mutant && exit.ExitCode() == 1 && (bytes.Contains(out.Bytes(), []byte("[build failed]")) || bytes.Contains(out.Bytes(), []byte("[setup failed]"))):
		return 2
	}
	return exit.ExitCode()
}

// flagValue returns the value of a flag given as "-name value" or
// "-name=value", or "".
func flagValue(args []string, name string) string {
	for i, a := range args {
		switch {
		case a == name && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(a, name+"="):
			return a[len(name)+1:]
		}
	}
	return ""
}

type block struct{ startLine, startCol, endLine, endCol, count int }

// coverCases appends to a coverage profile a block for the case
// expressions of every switch statement, and the condition of every if
// statement, that a counted block reaches.
func coverCases(profile string) error {
	data, err := os.ReadFile(profile)
	if err != nil {
		return err
	}
	module, err := modulePath()
	if err != nil {
		return err
	}
	blocks := map[string][]block{} // by import path of the file
	var files []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") || line == "" {
			continue
		}
		name, b, err := parseBlock(line)
		if err != nil {
			return fmt.Errorf("%s: %w", profile, err)
		}
		if _, ok := blocks[name]; !ok {
			files = append(files, name)
		}
		blocks[name] = append(blocks[name], b)
	}
	var add bytes.Buffer
	for _, name := range files {
		rel, ok := strings.CutPrefix(name, module+"/")
		if !ok {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, rel, nil, 0)
		if err != nil {
			return err
		}
		cover := func(from, to token.Pos) {
			a, b := fset.Position(from), fset.Position(to)
			fmt.Fprintf(&add, "%s:%d.%d,%d.%d 1 1\n", name, a.Line, a.Column, b.Line, b.Column)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.SwitchStmt:
				if reached(blocks[name], fset.Position(s.Switch)) {
					for _, c := range s.Body.List {
						if l := c.(*ast.CaseClause).List; len(l) > 0 {
							cover(l[0].Pos(), l[len(l)-1].End())
						}
					}
				}
			case *ast.IfStmt:
				if reached(blocks[name], fset.Position(s.If)) {
					cover(s.Cond.Pos(), s.Cond.End())
				}
			}
			return true
		})
	}
	out, err := os.OpenFile(profile, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := out.Write(add.Bytes()); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// reached reports whether a block that ran contains p.
func reached(bs []block, p token.Position) bool {
	for _, b := range bs {
		after := p.Line > b.startLine || p.Line == b.startLine && p.Column >= b.startCol
		before := p.Line < b.endLine || p.Line == b.endLine && p.Column <= b.endCol
		if b.count > 0 && after && before {
			return true
		}
	}
	return false
}

// parseBlock parses "file:l.c,l.c statements count".
func parseBlock(line string) (string, block, error) {
	i := strings.LastIndexByte(line, ':')
	var b block
	var stmts int
	if i < 0 {
		return "", b, fmt.Errorf("bad line %q", line)
	}
	if _, err := fmt.Sscanf(line[i+1:], "%d.%d,%d.%d %d %d", &b.startLine, &b.startCol, &b.endLine, &b.endCol, &stmts, &b.count); err != nil {
		return "", b, fmt.Errorf("bad line %q: %w", line, err)
	}
	return line[:i], b, nil
}

// modulePath reads the module path from go.mod in the working directory,
// the module root where gremlins runs go.
func modulePath() (string, error) {
	data, err := os.ReadFile("go.mod")
	if err != nil {
		return "", err
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "module "); ok {
			if s, err := strconv.Unquote(strings.TrimSpace(rest)); err == nil {
				return s, nil
			}
			return strings.TrimSpace(rest), nil
		}
	}
	return "", errors.New("go.mod has no module line")
}
