package schema

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"cantiericomuni.it/banca/generator/internal/golden"
	"cantiericomuni.it/banca/generator/internal/testproject"
)

func TestNetworkDeclaration(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testproject.Root(), "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("schema.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	var enti *Section
	for _, sec := range s.Sections {
		if sec.Network != nil {
			if enti != nil {
				t.Fatalf("two networks: %s, %s", enti.Key, sec.Key)
			}
			enti = sec
		}
	}
	if enti == nil || enti.GroupBy != "tipo" || enti.Network.Nodes != NetworkNodes || enti.Network.Links != NetworkLinks {
		t.Fatalf("network: %+v", enti)
	}
	var got []string
	for _, nf := range s.NetworkFields(enti) {
		got = append(got, nf.Section.Key+"."+nf.Field.Key)
	}
	// segnalato_da (bisogni) names enti too, but does not link them.
	if want := "[protocolli.firmatari pratiche.partner verbali.partecipanti eventi.organizzatori]"; fmt.Sprint(got) != want {
		t.Errorf("fields %v, want %s", got, want)
	}
	if h := s.Section("protocolli").Field("firmatari").Backlinks; h != "Protocolli firmati" {
		t.Errorf("backlinks %q", h)
	}
}

// badNetworks are declarations of group_by, network and backlinks with
// one mistake each, and the line:column of the first problem.
var badNetworks = []struct {
	name, src, pos string
}{
	{"group_by naming no field", "sections:\n  - key: a\n    label: A\n    group_by: tipo\n", "4:15"},
	{"group_by naming a field without values", "sections:\n  - key: a\n    label: A\n    group_by: tipo\n    fields:\n      - {key: tipo, type: string}\n", "4:15"},
	{"network without title", "sections:\n  - key: a\n    label: A\n    network: {nodes: 10}\n  - key: b\n    label: B\n    fields:\n      - {key: x, type: reference, sections: [a], multiple: true, network: true}\n", "4:14"},
	{"network with too many nodes", "sections:\n  - key: a\n    label: A\n    network: {title: Rete, nodes: 400}\n  - key: b\n    label: B\n    fields:\n      - {key: x, type: reference, sections: [a], multiple: true, network: true}\n", "4:35"},
	{"network on a field that is not multiple", "sections:\n  - key: a\n    label: A\n    network: {title: Rete}\n  - key: b\n    label: B\n    fields:\n      - {key: x, type: reference, sections: [a], network: true}\n", "4:14"},
	{"network on a field naming a section without one", "sections:\n  - key: a\n    label: A\n  - key: b\n    label: B\n    fields:\n      - {key: x, type: reference, sections: [a], multiple: true, network: true}\n", "7:75"},
	{"network without fields linking it", "sections:\n  - key: a\n    label: A\n    network: {title: Rete}\n  - key: b\n    label: B\n    fields:\n      - {key: x, type: reference, sections: [a], multiple: true}\n", "4:14"},
	{"network on a list", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: list, network: true}\n", "5:39"},
	{"backlinks on a string", "sections:\n  - key: a\n    label: A\n    fields:\n      - {key: x, type: string, backlinks: Citata da}\n", "5:43"},
}

func TestParseReportsBadNetworkDeclarations(t *testing.T) {
	var buf bytes.Buffer
	for _, tc := range badNetworks {
		t.Run(tc.name, func(t *testing.T) {
			badDeclaration(t, &buf, tc.name, tc.src, tc.pos)
		})
	}
	golden.Check(t, "testdata/networks.golden", buf.Bytes())
}
