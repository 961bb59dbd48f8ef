import BarnkollCore
import Terminal

/// What a key does on the worksheet, as its key maps declare it.
enum WorksheetAction: Sendable, Equatable {
    case quit
    // Browsing
    case up, down, nextRow, previousRow, previousSection, nextSection, activate, back
    case help, caseBrief, missing, submit, remove, externalEditor
    /// A digit typed: picks the option with that number (past 9, with the next digit).
    case digit(Int)
    // In a text
    case finish, finishAndNext, finishAndPrevious
    /// Handed to the text editor (undo, redo, a new line: named in the help bar, done by the editor).
    case edit
    // In a list of options, in the missing list, in a box
    case take, tick, close, scroll
    // On a conflict, and on leaving with text unsaved
    case keepMine, takeStored, keepBoth, retrySave
    /// A new version of an approved analysis.
    case revise
    /// A note after the decision: open the form; in it, the next or previous field, and save.
    case note, nextField, previousField, saveNote
    /// A reader who may: hand the analysis over to a colleague (the form opens).
    case handOver
    /// In the move or hand-over form: move it to the unit, or hand it to the account, chosen.
    case saveTransfer
}

/// What the caseworker keeps when another terminal saved the same item.
enum ConflictChoice: Sendable, Equatable { case mine, stored, both }

extension WorksheetState {
    /// The keys of the mode the worksheet is in; `update` asks it and the help bar draws it.
    func keyMap(_ layout: Layout) -> KeyMap<WorksheetAction> {
        let s = strings
        let quit = KeyBinding<WorksheetAction>.hidden([.control("q"), .control("c")], .quit)
        let digits = KeyBinding<WorksheetAction>("1-9", s.keyDirect, shown: false) { key in
            if case .character(let character) = key, let digit = character.wholeNumberValue, character.isASCII { return .digit(digit) }
            return nil
        }
        // A box's text longer than the box (the help, the case, a question at a small window)
        // scrolls; while it fits these keys do what the mode's others do.
        let scroll = KeyBinding<WorksheetAction>.scroll(s.keyScroll, when: (overlayLines(layout)?.count ?? 0) > Self.overlayRoom(layout), .scroll)
        switch mode {
        case .browse:
            // An entry of a group asked for each child is removed with the child, not here. Every
            // other key acts on an entry as on a question, so the help bar names them there too.
            var onEntry = false
            if isEditable, case .sub(let group, _, _)? = row, checklist.item(group)?.each == nil { onEntry = true }
            // After `x`, Enter removes the entry (any other key lets it go and does what it does).
            let removing = onEntry && pendingRemoval == row
            var bindings: [KeyBinding<WorksheetAction>] = [
                KeyBinding("↑↓", s.keyMove, [(.up, .up), (.down, .down)]),
                .hidden([.tab], .nextRow), .hidden([.backTab], .previousRow),
                // The unit's item with a list of units is not typed in: Enter there moves the analysis.
                KeyBinding([.enter], "Enter", removing ? s.keyRemoveEntry : onFixedUnit ? s.keyMoveUnit : s.keyEdit,
                           shown: isEditable || movesOnUnit, .activate),
                KeyBinding("←→", s.keySection,
                           [(.left, .previousSection), (.pageUp, .previousSection), (.right, .nextSection), (.pageDown, .nextSection)]),
                KeyBinding([.character("x")], "x", s.keyRemoveEntry, shown: onEntry && !removing, .remove),
                KeyBinding([.character("m")], "m", s.keyMissing, .missing),
                KeyBinding([.character("s")], "s", s.keySubmit, shown: isEditable, .submit),
                KeyBinding([.character("?"), .function(1)], "?", s.keyHelp, .help),
                KeyBinding([.escape], "Esc", overReview ? s.keyBack : s.keyHome, .back),
                KeyBinding([.control("q"), .control("c")], "^Q", s.keyQuit, .quit),
            ]
            if caseBrief != nil { bindings.append(KeyBinding([.character("c")], "c", s.keyCase, .caseBrief)) }
            // A change of substance after approval starts a new version, by its author (Core's rule).
            if Permissions.mayRevise(analysis.summary, account: account) { bindings.append(KeyBinding([.character("n")], "n", s.keyNewVersion, .revise)) }
            // What happened after the decision is noted without a new version (Core decides who may).
            if Casework.takesNotes(analysis.summary) { bindings.append(KeyBinding([.character("a")], "a", s.keyNote, .note)) }
            if handsOver { bindings.append(KeyBinding([.character("o")], "o", s.keyHandOver, .handOver)) }
            bindings += [.hidden([.control("e")], .externalEditor), digits]
            return KeyMap(bindings)
        case .text(let editor):
            var bindings: [KeyBinding<WorksheetAction>] = [
                quit,
                KeyBinding([.escape], "Esc", s.keyDone, .finish),
            ]
            if editor.multiline {
                bindings.append(KeyBinding([.enter], "Enter", s.keyNewLine, .edit))
            } else {
                bindings.append(.hidden([.enter], .finishAndNext))
            }
            bindings += [
                KeyBinding([.tab], "Tab", s.keyNext, .finishAndNext), .hidden([.backTab], .finishAndPrevious),
                KeyBinding([.control("z")], "^Z", s.keyUndo, .edit),
                KeyBinding([.control("y")], "^Y", s.keyRedo, .edit),
                KeyBinding([.control("w")], "^W", s.keyDeleteWord, .edit),
                KeyBinding([.control("e")], "^E", s.keyEditor, .externalEditor),
            ]
            return KeyMap(bindings)
        case .choose:
            let multi = row.flatMap(item(for:))?.type == .multiChoice
            let choiceCount = row.flatMap(item(for:))?.allowedValues?.count ?? 0
            return KeyMap([
                quit,
                KeyBinding("↑↓", s.keyPick, [(.up, .up), (.down, .down)]),
                KeyBinding([.enter], "Enter", s.keyTake, shown: !multi, .take),
                KeyBinding([.character(" ")], s.keySpace, s.keyTick, shown: multi, .tick),
                KeyBinding(choiceCount > 9 ? "1-\(choiceCount)" : "1-9", multi ? s.keyTick : s.keyDirect, match: digits.match),
                KeyBinding([.escape], "Esc", s.keyDone, .close),
            ])
        case .missing:
            return KeyMap([
                quit,
                KeyBinding("↑↓", s.keyPick, [(.up, .up), (.down, .down)]),
                KeyBinding([.enter], "Enter", s.keyGoThere, .take),
                KeyBinding([.escape], "Esc", s.keyBack, .close),
            ])
        case .help, .caseBrief, .news:
            // The scrolling keys move a text longer than the box; any other key closes it.
            return KeyMap([
                quit,
                scroll,
                KeyBinding("Esc", s.keyClose) { _ in .close },
            ])
        case .confirmSubmit:
            return KeyMap([
                quit,
                KeyBinding([.enter], "Enter", s.keyYes, .submit),
                scroll,
                KeyBinding("Esc", s.keyNo) { _ in .close },
            ])
        case .conflict(let item, let stored):
            let bothTexts: Bool = if case .text? = analysis.answers[item], case .text? = stored { true } else { false }
            var bindings: [KeyBinding<WorksheetAction>] = [
                quit,
                KeyBinding([.character("1")], "1", s.keyKeepMine, .keepMine),
                KeyBinding([.character("2")], "2", s.keyTakeStored, .takeStored),
            ]
            if bothTexts { bindings.append(KeyBinding([.character("3")], "3", s.keyKeepBoth, .keepBoth)) }
            return KeyMap(bindings + [scroll])
        case .confirmRevise:
            return KeyMap([
                quit,
                KeyBinding([.enter], "Enter", s.keyYes, .revise),
                KeyBinding([.character("a")], "a", s.keyNote, .note),
                scroll,
                KeyBinding("Esc", s.keyNo) { _ in .close },
            ])
        case .note(let form):
            return formKeys(quit, onText: form.focusIsText, save: .saveNote, saying: s.keySaveNote)
        case .transfer(let form):
            return formKeys(quit, onText: form.focusIsText, save: .saveTransfer,
                            saying: form.kind == .move ? s.keyMoveUnit : s.keyHandOver)
        case .confirmQuit:
            return KeyMap([
                KeyBinding([.control("q"), .control("c")], "^Q", s.keyLeaveUnsaved, .quit),
                KeyBinding([.enter], "Enter", s.keyRetry, .retrySave),
                scroll,
                KeyBinding("Esc", s.keyStay) { _ in .close },
            ])
        }
    }

    /// The keys of a form over the worksheet (a note, a move, a hand-over): Tab between fields, ↑↓ on a choice
    /// (on a text they stay with the editor, which ignores them on one line), Enter `save`, Esc.
    func formKeys(_ quit: KeyBinding<WorksheetAction>, onText: Bool, save: WorksheetAction, saying label: String) -> KeyMap<WorksheetAction> {
        let s = strings
        var bindings: [KeyBinding<WorksheetAction>] = [
            quit,
            KeyBinding([.tab], "Tab", s.keyNextField, .nextField), .hidden([.backTab], .previousField),
        ]
        if !onText { bindings.append(KeyBinding("↑↓", s.keyPick, [(.up, .up), (.down, .down)])) }
        bindings += [
            KeyBinding([.enter], "Enter", label, save),
            KeyBinding([.escape], "Esc", s.keyCancel, .close),
        ]
        return KeyMap(bindings)
    }
}
