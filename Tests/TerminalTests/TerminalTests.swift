import Terminal
import CTerminalGuard
import Testing

func lines(_ text: String, width: Int) -> [String] {
    let characters = Array(text)
    let layout = TextLayout(characters, width: width)
    return layout.lines.map { layout.text(of: $0, in: characters) }
}

@Suite struct Width {
    @Test func columnsAreDisplayWidthNotLength() {
        #expect(DisplayWidth.of("åäö") == 3)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("a\u{301}") == 1)          // a + combining acute: one column
        #expect(DisplayWidth.of("\u{1B}") == 0)
        #expect(DisplayWidth.truncate("Barnets bästa", to: 8) == "Barnets…")
        #expect(DisplayWidth.truncate("kort", to: 8) == "kort")
        // Blanks past the edge are nothing cut: a padded column header gets no "…" for them.
        #expect(DisplayWidth.truncate("Stopp       ", to: 8) == "Stopp")
        #expect(DisplayWidth.truncate("Stopp    x", to: 8) == "Stopp  …")
        // A heading cut at the edge keeps its count, while the count takes at most half the room.
        #expect(DisplayWidth.truncate(keepingBracketedEnd: "Inskickade (12)", to: 12) == "Inskic… (12)")
        #expect(DisplayWidth.truncate(keepingBracketedEnd: "Inskickade (12)", to: 15) == "Inskickade (12)")
        #expect(DisplayWidth.truncate(keepingBracketedEnd: "Inskickade (12)", to: 8) == "Inskick…")
        #expect(DisplayWidth.truncate(keepingBracketedEnd: "Inskickade tolv", to: 12) == "Inskickade …")
    }

    @Test func framesPlaceWideCharactersAndClip() {
        var frame = Frame(width: 6, height: 2)
        #expect(frame.put("中å文xyz", x: 0, y: 0) == 6)
        #expect(frame.lines[0] == "中å文x")
        #expect(frame[1, 0].character == nil)            // the second column of 中
        frame.put("abcdef", x: 4, y: 1)
        #expect(frame.lines[1] == "    ab")
        frame.put("zz", x: 0, y: 5)                        // off the frame: ignored
        #expect(frame.text == "中å文x\n    ab")
    }
}

@Suite struct Wrapping {
    @Test func greedyByWords() {
        #expect(lines("Barnet vill bo kvar hos mormor", width: 12) == ["Barnet vill ", "bo kvar hos ", "mormor"])
    }

    @Test func overLongWordsBreakBetweenCharacters() {
        #expect(lines("Barnkonsekvensanalys", width: 8) == ["Barnkons", "ekvensan", "alys"])
    }

    @Test func newlinesArePragraphBreaksAndEmptyLinesStay() {
        #expect(lines("ett\n\ntvå", width: 10) == ["ett", "", "två"])
        #expect(lines("", width: 10) == [""])
    }

    @Test func wideCharactersWrapByColumns() {
        #expect(lines("中中中中", width: 5) == ["中中", "中中"])
    }

    @Test func cursorPositionsMapThroughTheSameLines() {
        let characters = Array("Barnet vill bo kvar")
        let layout = TextLayout(characters, width: 12)
        #expect(layout.position(of: 0, in: characters) == (0, 0))
        #expect(layout.position(of: 12, in: characters) == (1, 0))     // "bo" starts row 1
        #expect(layout.position(of: characters.count, in: characters) == (1, 7))
        #expect(layout.offset(row: 1, column: 3, in: characters) == 15)
    }
}

@Suite struct Editing {
    func editor(_ text: String = "", multiline: Bool = true) -> TextEditor { TextEditor(text, multiline: multiline) }

    @Test func typingBackspaceAndDelete() {
        var editor = editor()
        for character in "Hej då" { editor.handle(.character(character), width: 40) }
        #expect(editor.text == "Hej då")
        editor.handle(.backspace, width: 40)
        editor.handle(.left, width: 40)
        editor.handle(.delete, width: 40)
        #expect(editor.text == "Hej ")
        #expect(editor.cursor == 4)
    }

    @Test func wordJumpsAndDeleteWord() {
        var editor = editor("barnets bästa intresse")
        editor.handle(.wordLeft, width: 40)
        #expect(editor.cursor == 14)
        editor.handle(.wordLeft, width: 40)
        #expect(editor.cursor == 8)
        editor.handle(.wordRight, width: 40)
        #expect(editor.cursor == 13)
        editor.handle(.deleteWordBack, width: 40)
        #expect(editor.text == "barnets  intresse")
    }

    @Test func controlUDeletesTheLineBeforeTheCursor() {
        var editor = editor("skolbyte")
        let changed = editor.handle(.control("u"), width: 40)
        #expect(changed && editor.text == "" && editor.cursor == 0)
        let again = editor.handle(.control("u"), width: 40)
        #expect(!again)
        var lines = self.editor("första raden\nandra raden", multiline: true)
        lines.handle(.wordLeft, width: 40)
        lines.handle(.control("u"), width: 40)
        #expect(lines.text == "första raden\nraden")
        lines.handle(.control("z"), width: 40)
        #expect(lines.text == "första raden\nandra raden")
    }

    @Test func homeEndAndUpDownFollowTheWrappedLines() {
        var editor = editor("Barnet vill bo kvar hos mormor")
        editor.handle(.home, width: 12)
        #expect(editor.cursor == 24)                        // start of "mormor"
        editor.handle(.up, width: 12)
        #expect(editor.cursor == 12)                        // start of "bo kvar hos "
        editor.handle(.end, width: 12)
        #expect(editor.cursor == 23)                        // before the break, not on the next line
        editor.handle(.down, width: 12)
        #expect(editor.cursor == 30)
    }

    @Test func undoAndRedoTypingAsOneStep() {
        var editor = editor("start")
        for character in " och mer" { editor.handle(.character(character), width: 40) }
        editor.handle(.backspace, width: 40)
        #expect(editor.text == "start och me")
        editor.handle(.control("z"), width: 40)
        #expect(editor.text == "start och mer")
        editor.handle(.control("z"), width: 40)
        #expect(editor.text == "start")
        editor.handle(.control("y"), width: 40)
        #expect(editor.text == "start och mer")
    }

    @Test func aPastedNewlineStaysTextAndNeverSubmits() {
        var single = editor(multiline: false)
        single.handle(.paste("rad ett\nrad två"), width: 40)
        #expect(single.text == "rad ett rad två")
        var multi = editor()
        multi.handle(.paste("rad ett\nrad två"), width: 40)
        #expect(multi.text == "rad ett\nrad två")
        let changed = single.handle(.enter, width: 40)
        #expect(!changed)
        #expect(single.text == "rad ett rad två")
    }

    @Test func tenThousandCharactersStayWhole() {
        let text = String(repeating: "Barnet säger att hon vill bo kvar. ", count: 300)
        var editor = editor(text)
        for _ in 0..<100 { editor.handle(.left, width: 60) }
        editor.handle(.character("X"), width: 60)
        let layout = editor.layout(width: 60)
        #expect(editor.text.count == text.count + 1)
        // A space at a break may hang past the edge, where it is invisible; the text never does.
        #expect(layout.lines.allSatisfy {
            var text = layout.text(of: $0, in: editor.characters)
            while text.hasSuffix(" ") { text.removeLast() }
            return DisplayWidth.of(text) <= 60
        })
        #expect(layout.lines.map { layout.text(of: $0, in: editor.characters) }.joined() == editor.text)
    }
}

@Suite struct WidthFastPath {
    /// The byte shortcut must say what wcwidth says for every scalar it decides.
    @Test func itAgreesWithWcwidthUpToLatinExtended() {
        for value in UInt32(0x20)...UInt32(0x2FF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let width = bk_wcwidth(value)
            #expect(DisplayWidth.of(Character(scalar)) == max(0, Int(width)), "U+\(String(value, radix: 16))")
        }
    }
}
