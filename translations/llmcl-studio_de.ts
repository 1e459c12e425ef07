<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ComparisonReport</name>
    <message>
        <source>Run %1 (A)</source>
        <translation>Lauf %1 (A)</translation>
    </message>
    <message>
        <source>Run %1 (B)</source>
        <translation>Lauf %1 (B)</translation>
    </message>
    <message>
        <source>Failures per clause, run %1 and run %2</source>
        <translation>Fehlschläge je Klausel, Lauf %1 und Lauf %2</translation>
    </message>
    <message>
        <source>LLMCL comparison: run %1 → run %2</source>
        <translation>LLMCL-Vergleich: Lauf %1 → Lauf %2</translation>
    </message>
    <message>
        <source>Run A (before)</source>
        <translation>Lauf A (vorher)</translation>
    </message>
    <message>
        <source>Run B (after)</source>
        <translation>Lauf B (nachher)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Sessions file</source>
        <translation>Sitzungsdatei</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>Option</translation>
    </message>
    <message>
        <source>only in run B</source>
        <translation>nur in Lauf B</translation>
    </message>
    <message>
        <source>only in run A</source>
        <translation>nur in Lauf A</translation>
    </message>
    <message>
        <source>same</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>Contract snapshots</source>
        <translation>Vertragsstände</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Turns compared</source>
        <translation>Verglichene Runden</translation>
    </message>
    <message>
        <source>Turns only in run A</source>
        <translation>Runden nur in Lauf A</translation>
    </message>
    <message>
        <source>Turns only in run B</source>
        <translation>Runden nur in Lauf B</translation>
    </message>
    <message>
        <source>Clauses changed</source>
        <translation>Geänderte Klauseln</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Verdict changes</source>
        <translation>Geänderte Urteile</translation>
    </message>
    <message>
        <source>Example turns (conversation: turn)</source>
        <translation>Beispielrunden (Unterhaltung: Runde)</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>p50, run %1</source>
        <translation>p50, Lauf %1</translation>
    </message>
    <message>
        <source>p95, run %1</source>
        <translation>p95, Lauf %1</translation>
    </message>
</context>
<context>
    <name>ContractRename</name>
    <message>
        <source>A contract name cannot be empty</source>
        <translation>Ein Vertragsname darf nicht leer sein</translation>
    </message>
    <message>
        <source>“%1” is a keyword of LLMCL and cannot name a contract</source>
        <translation>„%1“ ist ein LLMCL-Schlüsselwort und kann keinen Vertrag benennen</translation>
    </message>
    <message>
        <source>“%1” is not a valid contract name: use letters, digits and _, not starting with a digit</source>
        <translation>„%1“ ist kein gültiger Vertragsname: Buchstaben, Ziffern und _ verwenden, nicht mit einer Ziffer beginnen</translation>
    </message>
    <message>
        <source>A contract named “%1” exists already, in %2</source>
        <translation>Ein Vertrag namens „%1“ existiert bereits, in %2</translation>
    </message>
    <message>
        <source>“%1” is not a contract declared in the workspace or an open file</source>
        <translation>„%1“ ist kein Vertrag, der im Arbeitsbereich oder in einer offenen Datei deklariert ist</translation>
    </message>
    <message>
        <source>The new name is the old one</source>
        <translation>Der neue Name ist der alte</translation>
    </message>
    <message>
        <source>%1: changed on disk since the preview; not renamed</source>
        <translation>%1: seit der Vorschau auf der Festplatte geändert; nicht umbenannt</translation>
    </message>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>DiagnosticTranslations</name>
    <message>
        <source>unterminated block comment: missing */ before the end of the file</source>
        <translation>nicht abgeschlossener Blockkommentar: */ fehlt vor dem Dateiende</translation>
    </message>
    <message>
        <source>invalid \u escape: \u needs exactly 4 hexadecimal digits</source>
        <translation>ungültige \u-Escape-Sequenz: \u braucht genau 4 Hexadezimalziffern</translation>
    </message>
    <message>
        <source>integer literal out of range: integers are 64-bit, at most 9223372036854775807</source>
        <translation>Ganzzahlliteral außerhalb des Wertebereichs: Ganzzahlen haben 64 Bit, höchstens 9223372036854775807</translation>
    </message>
    <message>
        <source>malformed number: the exponent has no digits</source>
        <translation>fehlerhafte Zahl: der Exponent hat keine Ziffern</translation>
    </message>
    <message>
        <source>malformed number: leading zeros are not allowed in a decimal integer (use 0o for octal)</source>
        <translation>fehlerhafte Zahl: führende Nullen sind in Dezimalzahlen nicht erlaubt (0o für Oktalzahlen verwenden)</translation>
    </message>
    <message>
        <source>malformed number: binary literal has no digits</source>
        <translation>fehlerhafte Zahl: das Binärliteral hat keine Ziffern</translation>
    </message>
    <message>
        <source>malformed number: octal literal has no digits</source>
        <translation>fehlerhafte Zahl: das Oktalliteral hat keine Ziffern</translation>
    </message>
    <message>
        <source>malformed number: hexadecimal literal has no digits</source>
        <translation>fehlerhafte Zahl: das Hexadezimalliteral hat keine Ziffern</translation>
    </message>
    <message>
        <source>only functions can be called: a call needs a function name before &apos;(&apos;</source>
        <translation>nur Funktionen können aufgerufen werden: ein Aufruf braucht einen Funktionsnamen vor „(“</translation>
    </message>
    <message>
        <source>a positional argument cannot follow a keyword argument</source>
        <translation>ein Positionsargument kann nicht auf ein Schlüsselwortargument folgen</translation>
    </message>
    <message>
        <source>unclosed &apos;(&apos; of a call</source>
        <translation>nicht geschlossenes „(“ eines Aufrufs</translation>
    </message>
    <message>
        <source>unclosed &apos;(&apos; of the contract header</source>
        <translation>nicht geschlossenes „(“ des Vertragskopfs</translation>
    </message>
    <message>
        <source>too many problems in this file; the rest are not reported</source>
        <translation>zu viele Probleme in dieser Datei; die übrigen werden nicht gemeldet</translation>
    </message>
    <message>
        <source>map keys must be strings</source>
        <translation>Map-Schlüssel müssen Zeichenketten sein</translation>
    </message>
    <message>
        <source>confidence must be a number between 0 and 1</source>
        <translation>confidence muss eine Zahl zwischen 0 und 1 sein</translation>
    </message>
    <message>
        <source>description must be a string</source>
        <translation>description muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>message must be a string literal</source>
        <translation>message muss ein Zeichenkettenliteral sein</translation>
    </message>
    <message>
        <source>tags must be a list of string literals, e.g. [&quot;pii&quot;, &quot;format&quot;]</source>
        <translation>tags muss eine Liste von Zeichenkettenliteralen sein, z. B. [&quot;pii&quot;, &quot;format&quot;]</translation>
    </message>
    <message>
        <source>the target probability of ensure_prob must be a number between 0 and 1</source>
        <translation>die Zielwahrscheinlichkeit von ensure_prob muss eine Zahl zwischen 0 und 1 sein</translation>
    </message>
    <message>
        <source>window_size must be a positive integer, session or global</source>
        <translation>window_size muss eine positive Ganzzahl, session oder global sein</translation>
    </message>
    <message>
        <source>within needs a positive number of turns</source>
        <translation>within braucht eine positive Anzahl von Runden</translation>
    </message>
    <message>
        <source>temporal operators (always, eventually, next, within, until, since) are only allowed in a temporal clause</source>
        <translation>temporale Operatoren (always, eventually, next, within, until, since) sind nur in einer temporal-Klausel erlaubt</translation>
    </message>
    <message>
        <source>match_group is only available inside auto_fix</source>
        <translation>match_group ist nur innerhalb von auto_fix verfügbar</translation>
    </message>
    <message>
        <source>; use &apos;not&apos; for negation</source>
        <translation>; für die Verneinung „not“ verwenden</translation>
    </message>
    <message>
        <source>; use &apos;and&apos;</source>
        <translation>; „and“ verwenden</translation>
    </message>
    <message>
        <source>; use &apos;or&apos;</source>
        <translation>; „or“ verwenden</translation>
    </message>
    <message>
        <source>; clauses need no separator</source>
        <translation>; Klauseln brauchen kein Trennzeichen</translation>
    </message>
    <message>
        <source>; use &apos;if C then A else B&apos;</source>
        <translation>; „if C then A else B“ verwenden</translation>
    </message>
    <message>
        <source>; strings use straight quotes &quot; or &apos;</source>
        <translation>; Zeichenketten verwenden gerade Anführungszeichen &quot; oder &apos;</translation>
    </message>
    <message>
        <source>; outside strings and comments only ASCII is allowed</source>
        <translation>; außerhalb von Zeichenketten und Kommentaren ist nur ASCII erlaubt</translation>
    </message>
    <message>
        <source>a contract name</source>
        <translation>ein Vertragsname</translation>
    </message>
    <message>
        <source>a module name</source>
        <translation>ein Modulname</translation>
    </message>
    <message>
        <source>a name after &apos;.&apos;</source>
        <translation>ein Name nach „.“</translation>
    </message>
    <message>
        <source>an expression</source>
        <translation>ein Ausdruck</translation>
    </message>
    <message>
        <source>the name of the base contract</source>
        <translation>der Name des Basisvertrags</translation>
    </message>
    <message>
        <source>the number of turns after &apos;within&apos;</source>
        <translation>die Anzahl der Runden nach „within“</translation>
    </message>
    <message>
        <source>a header option (name = value)</source>
        <translation>eine Kopfoption (Name = Wert)</translation>
    </message>
    <message>
        <source>a clause (require, ensure, ensure_prob, temporal) or &apos;}&apos;</source>
        <translation>eine Klausel (require, ensure, ensure_prob, temporal) oder „}“</translation>
    </message>
    <message>
        <source>an operator, a clause option or a new clause</source>
        <translation>ein Operator, eine Klauseloption oder eine neue Klausel</translation>
    </message>
    <message>
        <source>a clause option or a new clause</source>
        <translation>eine Klauseloption oder eine neue Klausel</translation>
    </message>
    <message>
        <source>end of file</source>
        <translation>Dateiende</translation>
    </message>
    <message>
        <source>invalid token</source>
        <translation>ungültiges Token</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>integer literal</source>
        <translation>Ganzzahlliteral</translation>
    </message>
    <message>
        <source>float literal</source>
        <translation>Gleitkommaliteral</translation>
    </message>
    <message>
        <source>string literal</source>
        <translation>Zeichenkettenliteral</translation>
    </message>
    <message>
        <source>raw string literal</source>
        <translation>Rohzeichenkettenliteral</translation>
    </message>
    <message>
        <source>identifier &apos;%1&apos;</source>
        <translation>Bezeichner „%1“</translation>
    </message>
    <message>
        <source>number %1</source>
        <translation>Zahl %1</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>unexpected character</source>
        <translation>unerwartetes Zeichen</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>nicht abgeschlossene Zeichenkette</translation>
    </message>
    <message>
        <source>unterminated block comment</source>
        <translation>nicht abgeschlossener Blockkommentar</translation>
    </message>
    <message>
        <source>invalid escape</source>
        <translation>ungültige Escape-Sequenz</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>ungültiges UTF-8</translation>
    </message>
    <message>
        <source>integer out of range</source>
        <translation>Ganzzahl außerhalb des Wertebereichs</translation>
    </message>
    <message>
        <source>malformed number</source>
        <translation>fehlerhafte Zahl</translation>
    </message>
    <message>
        <source>unexpected token</source>
        <translation>unerwartetes Token</translation>
    </message>
    <message>
        <source>unclosed delimiter</source>
        <translation>nicht geschlossene Klammer</translation>
    </message>
    <message>
        <source>nesting too deep</source>
        <translation>zu tiefe Verschachtelung</translation>
    </message>
    <message>
        <source>too many diagnostics</source>
        <translation>zu viele Meldungen</translation>
    </message>
    <message>
        <source>unknown function</source>
        <translation>unbekannte Funktion</translation>
    </message>
    <message>
        <source>wrong number of arguments</source>
        <translation>falsche Anzahl von Argumenten</translation>
    </message>
    <message>
        <source>argument of the wrong type</source>
        <translation>Argument vom falschen Typ</translation>
    </message>
    <message>
        <source>invalid regular expression</source>
        <translation>ungültiger regulärer Ausdruck</translation>
    </message>
    <message>
        <source>option not allowed</source>
        <translation>Option nicht erlaubt</translation>
    </message>
    <message>
        <source>duplicate contract</source>
        <translation>doppelter Vertrag</translation>
    </message>
    <message>
        <source>invalid option value</source>
        <translation>ungültiger Optionswert</translation>
    </message>
    <message>
        <source>unknown base contract</source>
        <translation>unbekannter Basisvertrag</translation>
    </message>
    <message>
        <source>import not found</source>
        <translation>Import nicht gefunden</translation>
    </message>
    <message>
        <source>imported name not found</source>
        <translation>importierter Name nicht gefunden</translation>
    </message>
    <message>
        <source>import cycle</source>
        <translation>Importzyklus</translation>
    </message>
    <message>
        <source>parameter not a literal</source>
        <translation>Parameter ist kein Literal</translation>
    </message>
    <message>
        <source>temporal operator outside a temporal clause</source>
        <translation>temporaler Operator außerhalb einer temporal-Klausel</translation>
    </message>
    <message>
        <source>inheritance cycle</source>
        <translation>Vererbungszyklus</translation>
    </message>
    <message>
        <source>unknown keyword argument</source>
        <translation>unbekanntes Schlüsselwortargument</translation>
    </message>
    <message>
        <source>file not readable</source>
        <translation>Datei nicht lesbar</translation>
    </message>
    <message>
        <source>match_group outside auto_fix</source>
        <translation>match_group außerhalb von auto_fix</translation>
    </message>
    <message>
        <source>unknown name</source>
        <translation>unbekannter Name</translation>
    </message>
    <message>
        <source>repeated option</source>
        <translation>wiederholte Option</translation>
    </message>
    <message>
        <source>constant condition</source>
        <translation>konstante Bedingung</translation>
    </message>
    <message>
        <source>contradictory clauses</source>
        <translation>widersprüchliche Klauseln</translation>
    </message>
    <message>
        <source>contradictory merge</source>
        <translation>widersprüchliche Zusammenführung</translation>
    </message>
    <message>
        <source>conflict suppressed</source>
        <translation>Konflikt unterdrückt</translation>
    </message>
    <message>
        <source>redundant clause</source>
        <translation>überflüssige Klausel</translation>
    </message>
    <message>
        <source>unexpected character {character}</source>
        <translation>unerwartetes Zeichen {character}</translation>
    </message>
    <message>
        <source>unexpected characters &apos;{characters}&apos;</source>
        <translation>unerwartete Zeichen „{characters}“</translation>
    </message>
    <message>
        <source>{count} unexpected characters, starting with {character}</source>
        <translation>{count} unerwartete Zeichen, beginnend mit {character}</translation>
    </message>
    <message>
        <source>unterminated string literal: missing closing {quote} before the end of the file</source>
        <translation>nicht abgeschlossenes Zeichenkettenliteral: schließendes {quote} fehlt vor dem Dateiende</translation>
    </message>
    <message>
        <source>unterminated string literal: missing closing {quote} before the end of the line</source>
        <translation>nicht abgeschlossenes Zeichenkettenliteral: schließendes {quote} fehlt vor dem Zeilenende</translation>
    </message>
    <message>
        <source>unterminated raw string literal: missing closing {quote} before the end of the file</source>
        <translation>nicht abgeschlossenes Rohzeichenkettenliteral: schließendes {quote} fehlt vor dem Dateiende</translation>
    </message>
    <message>
        <source>invalid \u escape: \u{hex} is a low surrogate without a high surrogate before it</source>
        <translation>ungültige \u-Escape-Sequenz: \u{hex} ist ein Low-Surrogate ohne vorangehendes High-Surrogate</translation>
    </message>
    <message>
        <source>invalid \u escape: \u{hex} is a high surrogate that must be followed by a low surrogate escape (\uDC00 to \uDFFF)</source>
        <translation>ungültige \u-Escape-Sequenz: \u{hex} ist ein High-Surrogate, dem eine Low-Surrogate-Escape-Sequenz folgen muss (\uDC00 bis \uDFFF)</translation>
    </message>
    <message>
        <source>invalid UTF-8: byte {bytes}</source>
        <translation>ungültiges UTF-8: Byte {bytes}</translation>
    </message>
    <message>
        <source>invalid UTF-8: bytes {bytes}</source>
        <translation>ungültiges UTF-8: Bytes {bytes}</translation>
    </message>
    <message>
        <source>malformed number: &apos;_&apos; is allowed only between digits</source>
        <translation>fehlerhafte Zahl: „_“ ist nur zwischen Ziffern erlaubt</translation>
    </message>
    <message>
        <source>malformed number: invalid digit &apos;{digit}&apos; in binary literal</source>
        <translation>fehlerhafte Zahl: ungültige Ziffer „{digit}“ in einem Binärliteral</translation>
    </message>
    <message>
        <source>malformed number: invalid digit &apos;{digit}&apos; in octal literal</source>
        <translation>fehlerhafte Zahl: ungültige Ziffer „{digit}“ in einem Oktalliteral</translation>
    </message>
    <message>
        <source>malformed number: invalid digit &apos;{digit}&apos; in hexadecimal literal</source>
        <translation>fehlerhafte Zahl: ungültige Ziffer „{digit}“ in einem Hexadezimalliteral</translation>
    </message>
    <message>
        <source>malformed number: invalid character &apos;{character}&apos; in number literal</source>
        <translation>fehlerhafte Zahl: ungültiges Zeichen „{character}“ im Zahlenliteral</translation>
    </message>
    <message>
        <source>expected {expected}, found {found}</source>
        <translation>erwartet: {expected}, gefunden: {found}</translation>
    </message>
    <message>
        <source>imports must come before the first contract</source>
        <translation>Importe müssen vor dem ersten Vertrag stehen</translation>
    </message>
    <message>
        <source>contract &apos;{name}&apos; is not closed with &apos;}&apos;</source>
        <translation>Vertrag „{name}“ wird nicht mit „}“ geschlossen</translation>
    </message>
    <message>
        <source>unclosed &apos;{delimiter}&apos;</source>
        <translation>nicht geschlossenes „{delimiter}“</translation>
    </message>
    <message>
        <source>expression nested too deeply (more than {limit} levels)</source>
        <translation>Ausdruck zu tief verschachtelt (mehr als {limit} Ebenen)</translation>
    </message>
    <message>
        <source>expression nested too deeply (more than {limit} levels; each operator of an arithmetic, member, index or call chain is a level, a chain of &apos;and&apos;, &apos;or&apos; or comparisons is one)</source>
        <translation>Ausdruck zu tief verschachtelt (mehr als {limit} Ebenen; jeder Operator einer Rechen-, Member-, Index- oder Aufrufkette zählt als Ebene, eine Kette aus „and“, „or“ oder Vergleichen als eine)</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos;</source>
        <translation>unbekannte Funktion „{name}“</translation>
    </message>
    <message>
        <source>{function}() takes {count} argument, {given} given ({signature})</source>
        <translation>{function}() nimmt {count} Argument, {given} angegeben ({signature})</translation>
    </message>
    <message>
        <source>{function}() takes {count} arguments, {given} given ({signature})</source>
        <translation>{function}() nimmt {count} Argumente, {given} angegeben ({signature})</translation>
    </message>
    <message>
        <source>{function}() takes {min} to {max} argument, {given} given ({signature})</source>
        <translation>{function}() nimmt {min} bis {max} Argument, {given} angegeben ({signature})</translation>
    </message>
    <message>
        <source>{function}() takes {min} to {max} arguments, {given} given ({signature})</source>
        <translation>{function}() nimmt {min} bis {max} Argumente, {given} angegeben ({signature})</translation>
    </message>
    <message>
        <source>argument &apos;{parameter}&apos; of {function}() must be {accepted}, not {actual}</source>
        <translation>Argument „{parameter}“ von {function}() muss {accepted} sein, nicht {actual}</translation>
    </message>
    <message>
        <source>invalid regular expression: {error} (at offset {offset} of the pattern)</source>
        <translation>ungültiger regulärer Ausdruck: {error} (bei Position {offset} des Musters)</translation>
    </message>
    <message>
        <source>option &apos;{option}&apos; is not allowed on an {kind} clause</source>
        <translation>Option „{option}“ ist bei einer {kind}-Klausel nicht erlaubt</translation>
    </message>
    <message>
        <source>option &apos;{option}&apos; is not allowed on a {kind} clause</source>
        <translation>Option „{option}“ ist bei einer {kind}-Klausel nicht erlaubt</translation>
    </message>
    <message>
        <source>unknown clause option &apos;{option}&apos;</source>
        <translation>unbekannte Klauseloption „{option}“</translation>
    </message>
    <message>
        <source>contract &apos;{name}&apos; is defined more than once</source>
        <translation>Vertrag „{name}“ ist mehr als einmal definiert</translation>
    </message>
    <message>
        <source>window_size must be at most {maximum} results (use session or global for longer windows)</source>
        <translation>window_size darf höchstens {maximum} Ergebnisse umfassen (für längere Fenster session oder global verwenden)</translation>
    </message>
    <message>
        <source>{option} must be {choices}</source>
        <translation>{option} muss {choices} sein</translation>
    </message>
    <message>
        <source>contract &apos;{name}&apos; extends &apos;{base}&apos;, but no contract of that name is loaded</source>
        <translation>Vertrag „{name}“ erweitert „{base}“, aber kein Vertrag dieses Namens ist geladen</translation>
    </message>
    <message>
        <source>cannot find module &apos;{module}&apos; (looked for {searched})</source>
        <translation>Modul „{module}“ nicht gefunden (gesucht: {searched})</translation>
    </message>
    <message>
        <source>cannot read {path}: {error}</source>
        <translation>{path} kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>module &apos;{module}&apos; has no contract &apos;{name}&apos;</source>
        <translation>Modul „{module}“ hat keinen Vertrag „{name}“</translation>
    </message>
    <message>
        <source>import cycle: {path} imports this file again, directly or through other imports</source>
        <translation>Importzyklus: {path} importiert diese Datei wieder, direkt oder über andere Importe</translation>
    </message>
    <message>
        <source>parameter &apos;{name}&apos; needs a literal value (a number, string, true, false, null, or a list or map of literals)</source>
        <translation>Parameter „{name}“ braucht einen Literalwert (eine Zahl, eine Zeichenkette, true, false, null oder eine Liste oder Map von Literalen)</translation>
    </message>
    <message>
        <source>contract &apos;{name}&apos; extends itself through its bases</source>
        <translation>Vertrag „{name}“ erweitert sich über seine Basen selbst</translation>
    </message>
    <message>
        <source>contract &apos;{name}&apos; extends &apos;{base}&apos;, whose bases extend each other in a cycle</source>
        <translation>Vertrag „{name}“ erweitert „{base}“, dessen Basen einander im Kreis erweitern</translation>
    </message>
    <message>
        <source>contract &apos;{name}&apos; has more than {limit} bases above it (extends chains are limited to {limit})</source>
        <translation>Vertrag „{name}“ hat mehr als {limit} Basen über sich (extends-Ketten sind auf {limit} begrenzt)</translation>
    </message>
    <message>
        <source>{function}() got parameter &apos;{parameter}&apos; twice</source>
        <translation>{function}() hat den Parameter „{parameter}“ zweimal erhalten</translation>
    </message>
    <message>
        <source>{function}() has no parameter &apos;{parameter}&apos;</source>
        <translation>{function}() hat keinen Parameter „{parameter}“</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos;: not a variable or parameter, so it is read from the context at run time (an error if the context has no such key)</source>
        <translation>unbekannter Name „{name}“: keine Variable und kein Parameter, daher wird er zur Laufzeit aus dem Kontext gelesen (ein Fehler, wenn der Kontext keinen solchen Schlüssel hat)</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos;; did you mean &apos;{suggestion}&apos;? (otherwise it is read from the context at run time)</source>
        <translation>unbekannter Name „{name}“; meinten Sie „{suggestion}“? (sonst wird er zur Laufzeit aus dem Kontext gelesen)</translation>
    </message>
    <message>
        <source>option &apos;{option}&apos; is given more than once; the last one wins</source>
        <translation>Option „{option}“ ist mehrfach angegeben; die letzte gilt</translation>
    </message>
    <message>
        <source>{first} and {second} contradict: {explanation}; conflict_resolution = fail_on_conflict makes this an error</source>
        <translation>{first} und {second} widersprechen sich: {explanation}; conflict_resolution = fail_on_conflict macht daraus einen Fehler</translation>
    </message>
    <message>
        <source>{first} and {second} contradict: {explanation}; conflict_resolution = merge keeps both, so no text can pass</source>
        <translation>{first} und {second} widersprechen sich: {explanation}; conflict_resolution = merge behält beide, also kann kein Text bestehen</translation>
    </message>
    <message>
        <source>{suppressed} is suppressed: it contradicts {kept} ({explanation}); {rule}</source>
        <translation>{suppressed} ist unterdrückt: widerspricht {kept} ({explanation}); {rule}</translation>
    </message>
    <message>
        <source>{redundant} is redundant beside {other} ({explanation}); {suppressed} is suppressed ({rule})</source>
        <translation>{redundant} ist neben {other} überflüssig ({explanation}); {suppressed} ist unterdrückt ({rule})</translation>
    </message>
    <message>
        <source>{redundant} is redundant beside {other} ({explanation}); {kept}</source>
        <translation>{redundant} ist neben {other} überflüssig ({explanation}); {kept}</translation>
    </message>
    <message>
        <source>; did you mean {suggestion}?</source>
        <translation>; meinten Sie {suggestion}?</translation>
    </message>
    <message>
        <source>; did you mean &apos;{suggestion}&apos;?</source>
        <translation>; meinten Sie „{suggestion}“?</translation>
    </message>
    <message>
        <source> (options: {options})</source>
        <translation> (Optionen: {options})</translation>
    </message>
</context>
<context>
    <name>ReportDocument</name>
    <message>
        <source>Report written %1 by LLMCL Studio.</source>
        <translation>Bericht geschrieben am %1 von LLMCL Studio.</translation>
    </message>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>RunReport</name>
    <message>
        <source>LLMCL run %1</source>
        <translation>LLMCL-Lauf %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>Option</translation>
    </message>
    <message>
        <source>Contract snapshots</source>
        <translation>Vertragsstände</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>SHA-256 of file name and source</source>
        <translation>SHA-256 von Dateiname und Quelltext</translation>
    </message>
    <message>
        <source>Clauses</source>
        <translation>Klauseln</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Evaluated</source>
        <translation>Ausgewertet</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Most frequent messages</source>
        <translation>Häufigste Meldungen</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Auto-fix</source>
        <translation>Auto-Korrektur</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Vertrag</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ClauseEventsModel</name>
    <message>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Vertrag</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ClauseFiguresModel</name>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Evaluated</source>
        <translation>Ausgewertet</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>Unterdrückt</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ClauseResultsModel</name>
    <message>
        <source>%1 (%2, line %3)</source>
        <translation>%1 (%2, Zeile %3)</translation>
    </message>
    <message>
        <source>settled at turn %1</source>
        <translation>entschieden in Runde %1</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>ensure_prob window</source>
        <translation>ensure_prob-Fenster</translation>
    </message>
    <message>
        <source>Temporal state</source>
        <translation>Temporaler Zustand</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ClauseStatus</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ns</source>
        <translation>%1 ns</translation>
    </message>
    <message>
        <source>this conversation</source>
        <translation>diese Unterhaltung</translation>
    </message>
    <message>
        <source>the whole run</source>
        <translation>der gesamte Lauf</translation>
    </message>
    <message>
        <source>last %1</source>
        <translation>die letzten %1</translation>
    </message>
    <message>
        <source>rate %1 (%2 of %3), target %4, window: %5</source>
        <translation>Quote %1 (%2 von %3), Ziel %4, Fenster: %5</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>llmcl::app::CommandPalette</name>
    <message>
        <source>Type a command</source>
        <translation>Befehl eingeben</translation>
    </message>
</context>
<context>
    <name>llmcl::app::CompareDialog</name>
    <message>
        <source>Compare Runs</source>
        <translation>Läufe vergleichen</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>&amp;Vergleichen</translation>
    </message>
    <message>
        <source>Run &amp;A (before):</source>
        <translation>Lauf &amp;A (vorher):</translation>
    </message>
    <message>
        <source>Run &amp;B (after):</source>
        <translation>Lauf &amp;B (nachher):</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ComparisonModel</name>
    <message numerus="yes">
        <source>removed (%n failure(s) in A)</source>
        <translation>
            <numerusform>entfernt (%n Fehlschlag in A)</numerusform>
            <numerusform>entfernt (%n Fehlschläge in A)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>added (%n failure(s) in B)</source>
        <translation>
            <numerusform>hinzugefügt (%n Fehlschlag in B)</numerusform>
            <numerusform>hinzugefügt (%n Fehlschläge in B)</numerusform>
        </translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>New failures</source>
        <translation>Neue Fehlschläge</translation>
    </message>
    <message>
        <source>New passes</source>
        <translation>Neu bestanden</translation>
    </message>
    <message>
        <source>Other changes</source>
        <translation>Andere Änderungen</translation>
    </message>
    <message>
        <source>Changed fixes</source>
        <translation>Geänderte Korrekturen</translation>
    </message>
    <message>
        <source>p50 Δ</source>
        <translation>p50 Δ</translation>
    </message>
    <message>
        <source>p95 Δ</source>
        <translation>p95 Δ</translation>
    </message>
    <message>
        <source>%1 in run %2, %3 in run %4</source>
        <translation>%1 in Lauf %2, %3 in Lauf %4</translation>
    </message>
    <message>
        <source>new failure</source>
        <translation>neuer Fehlschlag</translation>
    </message>
    <message>
        <source>new pass</source>
        <translation>neu bestanden</translation>
    </message>
    <message>
        <source>other change</source>
        <translation>andere Änderung</translation>
    </message>
    <message>
        <source>changed fix</source>
        <translation>geänderte Korrektur</translation>
    </message>
    <message>
        <source>at the end</source>
        <translation>am Ende</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ComparisonView</name>
    <message>
        <source>Runs › Compare Runs… compares two runs clause by clause.</source>
        <translation>Läufe › Läufe vergleichen … vergleicht zwei Läufe Klausel für Klausel.</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Turn</source>
        <translation>Runde</translation>
    </message>
    <message>
        <source>Comparing run %1 with run %2…</source>
        <translation>Lauf %1 wird mit Lauf %2 verglichen …</translation>
    </message>
    <message>
        <source>Run %1 → run %2 · turns compared: %3 · clauses changed: %4 · new failures: %5 · new passes: %6</source>
        <translation>Lauf %1 → Lauf %2 · verglichene Runden: %3 · geänderte Klauseln: %4 · neue Fehlschläge: %5 · neu bestanden: %6</translation>
    </message>
    <message>
        <source> · turns only in run %1: %2 · only in run %3: %4</source>
        <translation> · Runden nur in Lauf %1: %2 · nur in Lauf %3: %4</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ConflictsDock</name>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>Unterdrückt</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Waiting for the analysis of the contracts.</source>
        <translation>Warten auf die Analyse der Verträge.</translation>
    </message>
    <message>
        <source>Open a contract to see its conflicts.</source>
        <translation>Öffnen Sie einen Vertrag, um seine Konflikte zu sehen.</translation>
    </message>
    <message>
        <source>merge keeps both: no text can pass (the contracts do not compile)</source>
        <translation>merge behält beide: kein Text kann bestehen (die Verträge lassen sich nicht kompilieren)</translation>
    </message>
    <message>
        <source>fail_on_conflict: an error (the contracts do not compile)</source>
        <translation>fail_on_conflict: ein Fehler (die Verträge lassen sich nicht kompilieren)</translation>
    </message>
    <message>
        <source>%1 is redundant beside %2</source>
        <translation>%1 ist neben %2 überflüssig</translation>
    </message>
    <message>
        <source>%1 contradicts %2</source>
        <translation>%1 widerspricht %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, Zeile %2</translation>
    </message>
    <message>
        <source>No conflicts between the clauses of %1.</source>
        <translation>Keine Konflikte zwischen den Klauseln von %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) in %1</source>
        <translation>
            <numerusform>%n Konflikt in %1</numerusform>
            <numerusform>%n Konflikte in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>llmcl::app::ConversationsModel</name>
    <message>
        <source>Line %1 (byte %2) of the file</source>
        <translation>Zeile %1 (Byte %2) der Datei</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>First message</source>
        <translation>Erste Nachricht</translation>
    </message>
</context>
<context>
    <name>llmcl::app::DebugTools</name>
    <message>
        <source>Trace</source>
        <translation>Ablaufverfolgung</translation>
    </message>
    <message>
        <source>Toggle Clause &amp;Breakpoint</source>
        <translation>Klausel-&amp;Haltepunkt umschalten</translation>
    </message>
    <message>
        <source>Remove &amp;All Clause Breakpoints</source>
        <translation>&amp;Alle Klausel-Haltepunkte entfernen</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sitzungen</translation>
    </message>
    <message>
        <source>&amp;Debug</source>
        <translation>&amp;Fehlersuche</translation>
    </message>
    <message>
        <source>No clause begins on line %1: a clause breakpoint goes on a clause&apos;s first line</source>
        <translation>In Zeile %1 beginnt keine Klausel: ein Klausel-Haltepunkt gehört auf die erste Zeile einer Klausel</translation>
    </message>
    <message>
        <source>%1 has errors: the verdicts are those of the last contracts that compiled.</source>
        <translation>%1 hat Fehler: die Urteile stammen von den zuletzt kompilierten Verträgen.</translation>
    </message>
    <message>
        <source>%1 has errors: fix them to evaluate the conversation.</source>
        <translation>%1 hat Fehler: beheben Sie sie, um die Unterhaltung auszuwerten.</translation>
    </message>
</context>
<context>
    <name>llmcl::app::DiskChangeBar</name>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>Meine behalten</translation>
    </message>
    <message>
        <source>“%1” changed on disk, and you have unsaved changes.</source>
        <translation>„%1“ wurde auf der Festplatte geändert, und Sie haben ungespeicherte Änderungen.</translation>
    </message>
</context>
<context>
    <name>llmcl::app::DrillTurnsModel</name>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>ungültig</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Turn</source>
        <translation>Runde</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>llmcl::app::EditorTools</name>
    <message>
        <source>Outline</source>
        <translation>Gliederung</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen …</translation>
    </message>
    <message>
        <source>Find and &amp;Replace…</source>
        <translation>Suchen und &amp;Ersetzen …</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>&amp;Weitersuchen</translation>
    </message>
    <message>
        <source>Find &amp;Previous</source>
        <translation>&amp;Rückwärts suchen</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>&amp;Vervollständigen</translation>
    </message>
    <message>
        <source>Parameter &amp;Info</source>
        <translation>Parameter-&amp;Info</translation>
    </message>
    <message>
        <source>Toggle &amp;Comment</source>
        <translation>&amp;Kommentar umschalten</translation>
    </message>
    <message>
        <source>F&amp;ormat Document</source>
        <translation>Dokument &amp;formatieren</translation>
    </message>
    <message>
        <source>Re&amp;name Contract…</source>
        <translation>Vertrag &amp;umbenennen …</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Navigieren</translation>
    </message>
    <message>
        <source>Go to &amp;Definition</source>
        <translation>Zur &amp;Definition</translation>
    </message>
    <message>
        <source>Go to &amp;Conflicting Clause</source>
        <translation>Zur &amp;widersprechenden Klausel</translation>
    </message>
    <message>
        <source>Go to &amp;Symbol in Outline</source>
        <translation>Zum &amp;Symbol in der Gliederung</translation>
    </message>
    <message>
        <source>No definition found at the cursor</source>
        <translation>Keine Definition am Cursor gefunden</translation>
    </message>
    <message>
        <source>Formatting…</source>
        <translation>Formatieren …</translation>
    </message>
    <message>
        <source>No conflict at the cursor</source>
        <translation>Kein Konflikt am Cursor</translation>
    </message>
    <message>
        <source>Put the cursor on the name of a contract to rename it</source>
        <translation>Setzen Sie den Cursor auf den Namen eines Vertrags, um ihn umzubenennen</translation>
    </message>
    <message>
        <source>Rename Contract</source>
        <translation>Vertrag umbenennen</translation>
    </message>
    <message>
        <source>New name for contract “%1”:</source>
        <translation>Neuer Name für Vertrag „%1“:</translation>
    </message>
    <message>
        <source>Looking for “%1” in the workspace…</source>
        <translation>Suche „%1“ im Arbeitsbereich …</translation>
    </message>
    <message>
        <source>%1: %2 (open: one undo step)</source>
        <translation>%1: %2 (geöffnet: ein Rückgängig-Schritt)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Rename contract “%1” to “%2”? Occurrences: %3, in these files:</source>
        <translation>Vertrag „%1“ in „%2“ umbenennen? Vorkommen: %3, in diesen Dateien:</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>%1: changed since the preview; not renamed</source>
        <translation>%1: seit der Vorschau geändert; nicht umbenannt</translation>
    </message>
    <message>
        <source>Renamed occurrences: %1</source>
        <translation>Umbenannte Vorkommen: %1</translation>
    </message>
</context>
<context>
    <name>llmcl::app::EvaluationPanel</name>
    <message>
        <source>The user&apos;s message (content)</source>
        <translation>Die Nachricht des Benutzers (content)</translation>
    </message>
    <message>
        <source>The model&apos;s response; empty: the input phase only</source>
        <translation>Die Antwort des Modells; leer: nur die Eingabephase</translation>
    </message>
    <message>
        <source>Context as a JSON object, e.g. {&quot;user_tier&quot;: &quot;free&quot;}</source>
        <translation>Kontext als JSON-Objekt, z. B. {&quot;user_tier&quot;: &quot;free&quot;}</translation>
    </message>
    <message>
        <source>&amp;Content</source>
        <translation>&amp;Inhalt</translation>
    </message>
    <message>
        <source>&amp;Response</source>
        <translation>&amp;Antwort</translation>
    </message>
    <message>
        <source>Conte&amp;xt (JSON)</source>
        <translation>&amp;Kontext (JSON)</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Durchgang</translation>
    </message>
    <message>
        <source>&amp;Verdicts</source>
        <translation>&amp;Urteile</translation>
    </message>
    <message>
        <source>&amp;Fixes</source>
        <translation>K&amp;orrekturen</translation>
    </message>
    <message>
        <source>&amp;Fixes (%1)</source>
        <translation>K&amp;orrekturen (%1)</translation>
    </message>
    <message>
        <source>Context is not valid JSON: %1 (line %2, column %3)</source>
        <translation>Der Kontext ist kein gültiges JSON: %1 (Zeile %2, Spalte %3)</translation>
    </message>
    <message>
        <source>Context is not valid JSON: %1</source>
        <translation>Der Kontext ist kein gültiges JSON: %1</translation>
    </message>
    <message>
        <source>Evaluated with the last context that parsed.</source>
        <translation>Mit dem letzten fehlerfrei gelesenen Kontext ausgewertet.</translation>
    </message>
    <message>
        <source>Open a contract to evaluate the sample against it.</source>
        <translation>Öffnen Sie einen Vertrag, um das Beispiel damit auszuwerten.</translation>
    </message>
    <message>
        <source>The contracts do not compile: the verdicts shown (greyed) are the last good ones.</source>
        <translation>Die Verträge lassen sich nicht kompilieren: die (ausgegraut) angezeigten Urteile sind die letzten gültigen.</translation>
    </message>
    <message>
        <source>Waiting for contracts that compile.</source>
        <translation>Warten auf Verträge, die sich kompilieren lassen.</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Ungültig</translation>
    </message>
    <message>
        <source>pass: %1, fail: %2, error: %3, pending: %4, suppressed: %5; fixes: %6 (%7 ms)</source>
        <translation>bestanden: %1, fehlgeschlagen: %2, Fehler: %3, ausstehend: %4, unterdrückt: %5; Korrekturen: %6 (%7 ms)</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>Auswerten …</translation>
    </message>
    <message>
        <source>Scratch</source>
        <translation>Eigenes Beispiel</translation>
    </message>
    <message>
        <source>Captured turn</source>
        <translation>Aufgezeichnete Runde</translation>
    </message>
    <message>
        <source>Your own sample: choosing a turn never replaces it</source>
        <translation>Ihr eigenes Beispiel: das Auswählen einer Runde ersetzt es nie</translation>
    </message>
    <message>
        <source>Which sample the editors show and the contracts are evaluated with</source>
        <translation>Welches Beispiel die Editoren zeigen und mit welchem die Verträge ausgewertet werden</translation>
    </message>
    <message>
        <source>Sa&amp;mple:</source>
        <translation>B&amp;eispiel:</translation>
    </message>
    <message>
        <source>The chosen turn is kept under “Captured turn”; your scratch sample stays.</source>
        <translation>Die gewählte Runde liegt unter „Aufgezeichnete Runde“; Ihr eigenes Beispiel bleibt.</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ExportDialog</name>
    <message>
        <source>Redact personal data (e-mail addresses, card and social security numbers, …)</source>
        <translation>Persönliche Daten schwärzen (E-Mail-Adressen, Karten- und Sozialversicherungsnummern, …)</translation>
    </message>
    <message>
        <source>Export Run</source>
        <translation>Lauf exportieren</translation>
    </message>
    <message>
        <source>LLMCL trace (JSON)</source>
        <translation>LLMCL-Ablaufverfolgung (JSON)</translation>
    </message>
    <message>
        <source>Chrome trace, for Perfetto (JSON)</source>
        <translation>Chrome-Ablaufverfolgung, für Perfetto (JSON)</translation>
    </message>
    <message>
        <source>OpenTelemetry OTLP (JSON)</source>
        <translation>OpenTelemetry OTLP (JSON)</translation>
    </message>
    <message>
        <source>Prometheus metrics</source>
        <translation>Prometheus-Metriken</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Export Run %1</source>
        <translation>Lauf %1 exportieren</translation>
    </message>
</context>
<context>
    <name>llmcl::app::FixDiffView</name>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>behoben</translation>
    </message>
    <message>
        <source>ineffective</source>
        <translation>wirkungslos</translation>
    </message>
    <message>
        <source>broke</source>
        <translation>schädlich</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1 (%2, round %3): %4</source>
        <translation>%1 (%2, Durchgang %3): %4</translation>
    </message>
    <message>
        <source>not applied</source>
        <translation>nicht angewendet</translation>
    </message>
    <message>
        <source>broke %1</source>
        <translation>lässt %1 fehlschlagen</translation>
    </message>
    <message>
        <source>No fix selected.</source>
        <translation>Keine Korrektur ausgewählt.</translation>
    </message>
</context>
<context>
    <name>llmcl::app::MainWindow</name>
    <message>
        <source>LLMCL Studio</source>
        <translation>LLMCL Studio</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Sichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Contract</source>
        <translation>&amp;Neuer Vertrag</translation>
    </message>
    <message>
        <source>&amp;Open File…</source>
        <translation>Datei ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter …</translation>
    </message>
    <message>
        <source>Re&amp;load from Disk</source>
        <translation>Von der Festplatte neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>Tab s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LLMCL Studio</source>
        <translation>&amp;Über LLMCL Studio</translation>
    </message>
    <message>
        <source>About LLMCL Studio</source>
        <translation>Über LLMCL Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;LLMCL Studio %1&lt;/b&gt;&lt;p&gt;An IDE for writing and debugging LLM contracts.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;b&gt;LLMCL Studio %1&lt;/b&gt;&lt;p&gt;Eine IDE zum Schreiben und Debuggen von LLM-Verträgen.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU GPL, Version 3 oder neuer.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Open Contract</source>
        <translation>Vertrag öffnen</translation>
    </message>
    <message>
        <source>LLMCL contracts (*.llmcl);;All files (*)</source>
        <translation>LLMCL-Verträge (*.llmcl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Workspace Folder</source>
        <translation>Arbeitsbereich-Ordner öffnen</translation>
    </message>
    <message>
        <source>Save Contract</source>
        <translation>Vertrag speichern</translation>
    </message>
    <message>
        <source>LLMCL contracts (*.llmcl)</source>
        <translation>LLMCL-Verträge (*.llmcl)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Save Contract As</source>
        <translation>Vertrag speichern unter</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>%1 hat ungespeicherte Änderungen. Speichern?</translation>
    </message>
    <message>
        <source>Ln %1, Col %2</source>
        <translation>Z. %1, Sp. %2</translation>
    </message>
    <message>
        <source>Live Evaluation</source>
        <translation>Live-Auswertung</translation>
    </message>
    <message>
        <source>E&amp;valuate</source>
        <translation>A&amp;uswerten</translation>
    </message>
    <message>
        <source>Show &amp;Live Evaluation</source>
        <translation>&amp;Live-Auswertung anzeigen</translation>
    </message>
    <message>
        <source>&amp;Clear Sample</source>
        <translation>&amp;Beispiel leeren</translation>
    </message>
    <message>
        <source>Errors: %1, warnings: %2</source>
        <translation>Fehler: %1, Warnungen: %2</translation>
    </message>
    <message>
        <source>infos: %1</source>
        <translation>Hinweise: %1</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Probleme (%1)</translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1 (gelöscht)</translation>
    </message>
    <message>
        <source>The file no longer exists on disk; saving creates it again.</source>
        <translation>Die Datei existiert nicht mehr auf der Festplatte; Speichern legt sie wieder an.</translation>
    </message>
    <message>
        <source>%1 was deleted on disk</source>
        <translation>%1 wurde auf der Festplatte gelöscht</translation>
    </message>
    <message>
        <source>Reloaded %1 from disk</source>
        <translation>%1 von der Festplatte neu geladen</translation>
    </message>
    <message>
        <source>%1 no longer exists; its recovered text is in a new buffer</source>
        <translation>%1 existiert nicht mehr; der wiederhergestellte Text steht in einem neuen Puffer</translation>
    </message>
    <message>
        <source>&amp;Command Palette…</source>
        <translation>&amp;Befehlspalette …</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>Wie das &amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>S&amp;yntax Theme</source>
        <translation>S&amp;yntax-Farbschema</translation>
    </message>
    <message>
        <source>&amp;Automatic (Light or Dark)</source>
        <translation>&amp;Automatisch (hell oder dunkel)</translation>
    </message>
    <message>
        <source>Font size: %1 pt</source>
        <translation>Schriftgröße: %1 pt</translation>
    </message>
    <message>
        <source>The new language applies after a restart.</source>
        <translation>Die neue Sprache gilt nach einem Neustart.</translation>
    </message>
    <message>
        <source>Modes</source>
        <translation>Modi</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ModeManager</name>
    <message>
        <source>Reset &amp;Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Edit Mode</source>
        <translation>B&amp;earbeiten-Modus</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Edit mode: the contracts with Outline, Problems and Live Evaluation</source>
        <translation>Bearbeiten-Modus: die Verträge mit Gliederung, Problemen und Live-Auswertung</translation>
    </message>
    <message>
        <source>De&amp;bug Mode</source>
        <translation>Fehler&amp;suche-Modus</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Fehlersuche</translation>
    </message>
    <message>
        <source>Debug mode: the contracts with Sessions, the Conversation Stepper and the Trace</source>
        <translation>Fehlersuche-Modus: die Verträge mit Sitzungen, der schrittweisen Ausführung und der Ablaufverfolgung</translation>
    </message>
    <message>
        <source>R&amp;uns Mode</source>
        <translation>&amp;Läufe-Modus</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Runs mode: the stored runs, their dashboards and comparisons</source>
        <translation>Läufe-Modus: die gespeicherten Läufe, ihre Dashboards und Vergleiche</translation>
    </message>
    <message>
        <source>Put the panels of every mode back where they start</source>
        <translation>Die Bereiche jedes Modus wieder an ihren Ausgangsplatz stellen</translation>
    </message>
    <message>
        <source>Every mode has its default layout again</source>
        <translation>Jeder Modus hat wieder seine Standardanordnung</translation>
    </message>
    <message>
        <source>The saved layout left the editor too narrow: the default layout is used</source>
        <translation>Die gespeicherte Anordnung ließ dem Editor zu wenig Breite: Die Standardanordnung wird verwendet</translation>
    </message>
    <message>
        <source>Language Changed</source>
        <translation>Sprache geändert</translation>
    </message>
    <message>
        <source>The new language applies after LLMCL Studio restarts. Restart now?</source>
        <translation>Die neue Sprache gilt nach einem Neustart von LLMCL Studio. Jetzt neu starten?</translation>
    </message>
    <message>
        <source>&amp;Restart Now</source>
        <translation>Jetzt &amp;neu starten</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
</context>
<context>
    <name>llmcl::app::RecoveryDialog</name>
    <message>
        <source>Recover Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen wiederherstellen</translation>
    </message>
    <message>
        <source>LLMCL Studio did not close normally last time. These buffers had changes that were not saved:</source>
        <translation>LLMCL Studio wurde beim letzten Mal nicht normal beendet. Diese Puffer hatten Änderungen, die nicht gespeichert waren:</translation>
    </message>
    <message>
        <source>Buffer</source>
        <translation>Puffer</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Last Written</source>
        <translation>Zuletzt gesichert</translation>
    </message>
    <message>
        <source>(never saved)</source>
        <translation>(nie gespeichert)</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Decide &amp;Later</source>
        <translation>&amp;Später entscheiden</translation>
    </message>
</context>
<context>
    <name>llmcl::app::ReplayDialog</name>
    <message>
        <source>Apply auto-fixes and validate again</source>
        <translation>Auto-Korrekturen anwenden und erneut prüfen</translation>
    </message>
    <message>
        <source>Store verdict details for traces</source>
        <translation>Urteilsdetails für Ablaufverfolgungen speichern</translation>
    </message>
    <message>
        <source>Replay Sessions</source>
        <translation>Sitzungen wiedergeben</translation>
    </message>
    <message>
        <source>A .jsonl or .jsonl.gz file of captured conversations</source>
        <translation>Eine .jsonl- oder .jsonl.gz-Datei mit aufgezeichneten Unterhaltungen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Stores every verdict&apos;s explanation, so that traces can be exported from the run; the database grows several times larger</source>
        <translation>Speichert die Erklärung jedes Urteils, damit sich Ablaufverfolgungen aus dem Lauf exportieren lassen; die Datenbank wird um ein Mehrfaches größer</translation>
    </message>
    <message>
        <source>Conversations evaluated in parallel; the results do not depend on it</source>
        <translation>Parallel ausgewertete Unterhaltungen; die Ergebnisse hängen nicht davon ab</translation>
    </message>
    <message>
        <source>&amp;Sessions:</source>
        <translation>&amp;Sitzungen:</translation>
    </message>
    <message>
        <source>Contracts:</source>
        <translation>Verträge:</translation>
    </message>
    <message>
        <source>&amp;Jobs:</source>
        <translation>&amp;Jobs:</translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation>&amp;Wiedergeben</translation>
    </message>
    <message>
        <source>Sessions File</source>
        <translation>Sitzungsdatei</translation>
    </message>
    <message>
        <source>Sessions (*.jsonl *.jsonl.gz);;All files (*)</source>
        <translation>Sitzungen (*.jsonl *.jsonl.gz);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>llmcl::app::RunDashboard</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Verstöße</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Vertrag</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>Suppressed clause</source>
        <translation>Unterdrückte Klausel</translation>
    </message>
    <message>
        <source>In conflict with</source>
        <translation>Im Konflikt mit</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>Ineffective</source>
        <translation>Wirkungslos</translation>
    </message>
    <message>
        <source>Broke</source>
        <translation>Schädlich</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>Broke clauses</source>
        <translation>Dadurch fehlgeschlagen</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Turn</source>
        <translation>Runde</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Durchgang</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Auto-fix</source>
        <translation>Auto-Korrektur</translation>
    </message>
    <message>
        <source>Click a bar, a cell or a row to list the turns behind it.</source>
        <translation>Klicken Sie auf einen Balken, eine Zelle oder eine Zeile, um die zugehörigen Runden aufzulisten.</translation>
    </message>
    <message>
        <source>Open a run from the Runs panel to see its dashboards.</source>
        <translation>Öffnen Sie einen Lauf im Bereich „Läufe“, um seine Dashboards zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Run %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Lauf %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Loading run %1…</source>
        <translation>Lauf %1 wird geladen …</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Valid turns</source>
        <translation>Gültige Runden</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Violations (%1)</source>
        <translation>Verstöße (%1)</translation>
    </message>
    <message>
        <source>Fixes</source>
        <translation>Korrekturen</translation>
    </message>
    <message>
        <source>Compile time</source>
        <translation>Kompilierzeit</translation>
    </message>
    <message>
        <source>Turn latency p50 / p95 / p99</source>
        <translation>Rundenlatenz p50 / p95 / p99</translation>
    </message>
    <message>
        <source>Never evaluated:</source>
        <translation>Nie ausgewertet:</translation>
    </message>
    <message>
        <source>Never failed:</source>
        <translation>Nie fehlgeschlagen:</translation>
    </message>
    <message>
        <source>Fixes never applied:</source>
        <translation>Nie angewendete Korrekturen:</translation>
    </message>
    <message>
        <source>The run did not finish: its figures were counted from the turns it stored.</source>
        <translation>Der Lauf wurde nicht beendet: seine Zahlen wurden aus den gespeicherten Runden ermittelt.</translation>
    </message>
    <message>
        <source>Violations by severity</source>
        <translation>Verstöße nach Schweregrad</translation>
    </message>
    <message>
        <source>Turn latency</source>
        <translation>Rundenlatenz</translation>
    </message>
    <message>
        <source>Share of turn time by contract</source>
        <translation>Anteil an der Rundenzeit nach Vertrag</translation>
    </message>
    <message>
        <source>Failures per clause</source>
        <translation>Fehlschläge pro Klausel</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Failing turns by turn number</source>
        <translation>Fehlschlagende Runden nach Rundennummer</translation>
    </message>
    <message>
        <source>failing turns</source>
        <translation>fehlschlagende Runden</translation>
    </message>
    <message>
        <source>other turns</source>
        <translation>übrige Runden</translation>
    </message>
    <message>
        <source>Auto-fix outcomes per clause</source>
        <translation>Auto-Korrektur-Ergebnisse pro Klausel</translation>
    </message>
    <message>
        <source>Turns where %1 is %2</source>
        <translation>Runden, in denen %1 den Status %2 hat</translation>
    </message>
    <message>
        <source>Turns numbered %1 where %2 fails</source>
        <translation>Runden Nr. %1, in denen %2 fehlschlägt</translation>
    </message>
    <message>
        <source>Turns numbered %1 where a clause fails</source>
        <translation>Runden Nr. %1, in denen eine Klausel fehlschlägt</translation>
    </message>
    <message>
        <source>Turns where %1 says “%2”</source>
        <translation>Runden, in denen %1 „%2“ meldet</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>Verträge</translation>
    </message>
    <message>
        <source>Loading the contracts of run %1…</source>
        <translation>Die Verträge von Lauf %1 werden geladen …</translation>
    </message>
    <message>
        <source>%1 (changed since)</source>
        <translation>%1 (seither geändert)</translation>
    </message>
    <message>
        <source>As run %1 used it; the file has changed since.</source>
        <translation>So, wie Lauf %1 sie verwendet hat; die Datei wurde seither geändert.</translation>
    </message>
    <message>
        <source>As run %1 used it; the file still has this text.</source>
        <translation>So, wie Lauf %1 sie verwendet hat; die Datei hat noch diesen Text.</translation>
    </message>
    <message numerus="yes">
        <source>%1, resolved by %2: %n conflict(s)</source>
        <translation>
            <numerusform>%1, aufgelöst durch %2: %n Konflikt</numerusform>
            <numerusform>%1, aufgelöst durch %2: %n Konflikte</numerusform>
        </translation>
    </message>
    <message>
        <source>Conflicts by kind and resolution</source>
        <translation>Konflikte nach Art und Auflösung</translation>
    </message>
</context>
<context>
    <name>llmcl::app::RunTools</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>&amp;Replay Sessions…</source>
        <translation>Sitzungen &amp;wiedergeben …</translation>
    </message>
    <message>
        <source>Replay a sessions file against the workspace&apos;s contracts, unsaved changes included, and store the run</source>
        <translation>Eine Sitzungsdatei mit den Verträgen des Arbeitsbereichs (einschließlich ungespeicherter Änderungen) wiedergeben und den Lauf speichern</translation>
    </message>
    <message>
        <source>&amp;Cancel Replay</source>
        <translation>Wiedergabe &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;Open Run</source>
        <translation>Lauf ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show the dashboards of the selected run</source>
        <translation>Die Dashboards des ausgewählten Laufs anzeigen</translation>
    </message>
    <message>
        <source>Re&amp;sume Run</source>
        <translation>Lauf fort&amp;setzen</translation>
    </message>
    <message>
        <source>Complete an incomplete or cancelled run with the contracts, sessions and options it started with</source>
        <translation>Einen unvollständigen oder abgebrochenen Lauf mit den Verträgen, Sitzungen und Optionen abschließen, mit denen er begonnen hat</translation>
    </message>
    <message>
        <source>&amp;Label Run…</source>
        <translation>Lauf &amp;benennen …</translation>
    </message>
    <message>
        <source>Name the selected run (stored in the workspace database)</source>
        <translation>Den ausgewählten Lauf benennen (in der Datenbank des Arbeitsbereichs gespeichert)</translation>
    </message>
    <message>
        <source>&amp;Discard Run…</source>
        <translation>Lauf &amp;verwerfen …</translation>
    </message>
    <message>
        <source>No runs yet. &lt;b&gt;Runs › Replay Sessions…&lt;/b&gt; replays a sessions file against the workspace&apos;s contracts and stores the run.</source>
        <translation>Noch keine Läufe. &lt;b&gt;Läufe › Sitzungen wiedergeben …&lt;/b&gt; gibt eine Sitzungsdatei mit den Verträgen des Arbeitsbereichs wieder und speichert den Lauf.</translation>
    </message>
    <message>
        <source>The workspace database cannot be used: %1</source>
        <translation>Die Datenbank des Arbeitsbereichs ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation>&amp;Läufe</translation>
    </message>
    <message>
        <source>Open a workspace folder first: runs are stored in its database.</source>
        <translation>Öffnen Sie zuerst einen Arbeitsbereich-Ordner: Läufe werden in seiner Datenbank gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>Every contract file of the workspace; %n with unsaved changes, replayed as the editor shows them.</source>
        <translation>
            <numerusform>Alle Vertragsdateien des Arbeitsbereichs; %n davon hat ungespeicherte Änderungen und wird so wiedergegeben, wie der Editor sie zeigt.</numerusform>
            <numerusform>Alle Vertragsdateien des Arbeitsbereichs; %n davon haben ungespeicherte Änderungen und werden so wiedergegeben, wie der Editor sie zeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every contract file of the workspace, as saved.</source>
        <translation>Alle Vertragsdateien des Arbeitsbereichs, wie gespeichert.</translation>
    </message>
    <message>
        <source>The replay did not start: %1</source>
        <translation>Die Wiedergabe wurde nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Run %1 is stored as %2.</source>
        <translation>Lauf %1 wurde als %2 gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>%n broken line(s) of the sessions file skipped:</source>
        <translation>
            <numerusform>%n fehlerhafte Zeile der Sitzungsdatei übersprungen:</numerusform>
            <numerusform>%n fehlerhafte Zeilen der Sitzungsdatei übersprungen:</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Run %1 stored as %2</source>
        <translation>Lauf %1 als %2 gespeichert</translation>
    </message>
    <message>
        <source>Replay failed</source>
        <translation>Wiedergabe fehlgeschlagen</translation>
    </message>
    <message>
        <source>Label Run</source>
        <translation>Lauf benennen</translation>
    </message>
    <message>
        <source>Label of run %1:</source>
        <translation>Bezeichnung von Lauf %1:</translation>
    </message>
    <message>
        <source>Run %1 is being written; it cannot be discarded.</source>
        <translation>Lauf %1 wird gerade geschrieben; er kann nicht verworfen werden.</translation>
    </message>
    <message>
        <source>Discard Run</source>
        <translation>Lauf verwerfen</translation>
    </message>
    <message>
        <source>Discard run %1 and everything it stored (%2 turns)? This cannot be undone.</source>
        <translation>Lauf %1 und alles, was er gespeichert hat (%2 Runden), verwerfen? Dies lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Run %1 is incomplete (its replay stopped after %2 turns): &lt;a href=&quot;resume:%1&quot;&gt;Resume&lt;/a&gt; · &lt;a href=&quot;discard:%1&quot;&gt;Discard&lt;/a&gt;</source>
        <translation>Lauf %1 ist unvollständig (seine Wiedergabe endete nach %2 Runden): &lt;a href=&quot;resume:%1&quot;&gt;Fortsetzen&lt;/a&gt; · &lt;a href=&quot;discard:%1&quot;&gt;Verwerfen&lt;/a&gt;</translation>
    </message>
    <message>
        <source>E&amp;xport Run…</source>
        <translation>Lauf e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Write the selected run as a trace (LLMCL, Chrome, OTLP) or as Prometheus metrics</source>
        <translation>Den gewählten Lauf als Ablaufverfolgung (LLMCL, Chrome, OTLP) oder als Prometheus-Metriken schreiben</translation>
    </message>
    <message>
        <source>Run %1 exported to %2</source>
        <translation>Lauf %1 nach %2 exportiert</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Co&amp;mpare Runs…</source>
        <translation>Läufe ver&amp;gleichen …</translation>
    </message>
    <message>
        <source>Compare two runs clause by clause: new failures, new passes, changed fixes and latency</source>
        <translation>Zwei Läufe Klausel für Klausel vergleichen: neue Fehlschläge, neu Bestandenes, geänderte Korrekturen und Latenz</translation>
    </message>
    <message>
        <source>&amp;Preview Edits Against Run</source>
        <translation>Änderungen gegen Lauf &amp;testen</translation>
    </message>
    <message>
        <source>Replay the selected run&apos;s sessions with the contracts as the editors show them now, and compare: what would this edit change?</source>
        <translation>Die Sitzungen des gewählten Laufs mit den Verträgen wiedergeben, wie die Editoren sie jetzt zeigen, und vergleichen: Was würde diese Änderung bewirken?</translation>
    </message>
    <message>
        <source>preview of edits against run %1</source>
        <translation>Vorschau der Änderungen gegen Lauf %1</translation>
    </message>
    <message>
        <source>Save Run Repor&amp;t…</source>
        <translation>Be&amp;richt des Laufs speichern …</translation>
    </message>
    <message>
        <source>Save Run Report</source>
        <translation>Bericht des Laufs speichern</translation>
    </message>
    <message>
        <source>HTML (*.html);;PDF (*.pdf)</source>
        <translation>HTML (*.html);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>Bericht gespeichert unter %1</translation>
    </message>
    <message>
        <source>Save Compar&amp;ison Report…</source>
        <translation>Vergleichsberic&amp;ht speichern …</translation>
    </message>
    <message>
        <source>Save Comparison Report</source>
        <translation>Vergleichsbericht speichern</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>run %1 “%2”</source>
        <translation>Lauf %1 „%2“</translation>
    </message>
    <message>
        <source>The disk is full: free some space, then replay again.</source>
        <translation>Der Datenträger ist voll: Platz schaffen, dann erneut wiedergeben.</translation>
    </message>
    <message>
        <source>The disk is full: the replay stopped, and the turns stored before are kept. Free some space, then &lt;a href=&quot;resume:%1&quot;&gt;resume the run&lt;/a&gt;.</source>
        <translation>Der Datenträger ist voll: Die Wiedergabe wurde angehalten, die bis dahin gespeicherten Runden bleiben erhalten. Platz schaffen, dann &lt;a href=&quot;resume:%1&quot;&gt;den Lauf fortsetzen&lt;/a&gt;.</translation>
    </message>
    <message>
        <source>The workspace database cannot be written: its runs can be viewed, compared and exported, not replayed into, labelled, resumed or discarded.</source>
        <translation>Die Datenbank des Arbeitsbereichs ist nicht beschreibbar: ihre Läufe lassen sich ansehen, vergleichen und exportieren; neue Läufe lassen sich nicht speichern und Läufe nicht benennen, fortsetzen oder verwerfen.</translation>
    </message>
    <message>
        <source>Save the run shown in the Run tab as a self-contained HTML file or a PDF, to share in a review</source>
        <translation>Den im Reiter „Lauf“ gezeigten Lauf als eigenständige HTML-Datei oder als PDF speichern, zum Teilen in einer Durchsicht</translation>
    </message>
    <message>
        <source>Save the comparison shown in the Comparison tab as a self-contained HTML file or a PDF, to share in a review</source>
        <translation>Den im Reiter „Vergleich“ gezeigten Vergleich als eigenständige HTML-Datei oder als PDF speichern, zum Teilen in einer Durchsicht</translation>
    </message>
    <message>
        <source>Open a run first: the report shows the run in the Run tab.</source>
        <translation>Zuerst einen Lauf öffnen: Der Bericht zeigt den Lauf im Reiter „Lauf“.</translation>
    </message>
    <message>
        <source>Compare two runs first: the report shows the comparison in the Comparison tab.</source>
        <translation>Vergleichen Sie zuerst zwei Läufe: Der Bericht zeigt den Vergleich aus dem Reiter „Vergleich“.</translation>
    </message>
</context>
<context>
    <name>llmcl::app::RunsModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>running</source>
        <translation>laufend</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>unvollständig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1 (changed)</source>
        <translation>%1 (geändert)</translation>
    </message>
    <message>
        <source>Changed since the run:</source>
        <translation>Seit dem Lauf geändert:</translation>
    </message>
    <message>
        <source>Known when the run has finished</source>
        <translation>Bekannt, sobald der Lauf beendet ist</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>Runden</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Fixes</source>
        <translation>Korrekturen</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>Verträge</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>llmcl::app::RunsPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the replay after the conversations in flight; the run is stored as cancelled</source>
        <translation>Die Wiedergabe nach den gerade laufenden Unterhaltungen beenden; der Lauf wird als abgebrochen gespeichert</translation>
    </message>
    <message>
        <source>Importing %p%</source>
        <translation>Import: %p%</translation>
    </message>
    <message>
        <source>%1 conversations imported</source>
        <translation>%1 Unterhaltungen importiert</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p%</translation>
    </message>
    <message>
        <source>Run %1: %2 turns, %3 turns/s</source>
        <translation>Lauf %1: %2 Runden, %3 Runden/s</translation>
    </message>
    <message>
        <source>, %1:%2 left</source>
        <translation>, noch %1:%2</translation>
    </message>
</context>
<context>
    <name>llmcl::app::SessionsDock</name>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Open &amp;Sessions File…</source>
        <translation>&amp;Sitzungsdatei öffnen …</translation>
    </message>
    <message>
        <source>Open a captured-sessions file (.jsonl or .jsonl.gz)</source>
        <translation>Eine Datei mit aufgezeichneten Sitzungen öffnen (.jsonl oder .jsonl.gz)</translation>
    </message>
    <message>
        <source>S&amp;top Loading Sessions</source>
        <translation>Laden der Sitzungen &amp;abbrechen</translation>
    </message>
    <message>
        <source>Show S&amp;kipped Lines…</source>
        <translation>Ü&amp;bersprungene Zeilen anzeigen …</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open Sessions File</source>
        <translation>Sitzungsdatei öffnen</translation>
    </message>
    <message>
        <source>Captured sessions (*.jsonl *.jsonl.gz *.gz);;All files (*)</source>
        <translation>Aufgezeichnete Sitzungen (*.jsonl *.jsonl.gz *.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Sessions — %1</source>
        <translation>Sitzungen — %1</translation>
    </message>
    <message>
        <source>No sessions file open</source>
        <translation>Keine Sitzungsdatei geöffnet</translation>
    </message>
    <message>
        <source>Conversations: %1, turns: %2</source>
        <translation>Unterhaltungen: %1, Runden: %2</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>Laden …</translation>
    </message>
    <message>
        <source>stopped: %1</source>
        <translation>abgebrochen: %1</translation>
    </message>
    <message>
        <source>loading stopped, the file was not read to its end</source>
        <translation>Laden abgebrochen, die Datei wurde nicht bis zum Ende gelesen</translation>
    </message>
    <message>
        <source>Skipped lines: %1</source>
        <translation>Übersprungene Zeilen: %1</translation>
    </message>
    <message>
        <source>Lines of the file that are not conversations; click for the line numbers and reasons</source>
        <translation>Zeilen der Datei, die keine Unterhaltungen sind; klicken für Zeilennummern und Gründe</translation>
    </message>
    <message>
        <source>Skipped Lines — %1</source>
        <translation>Übersprungene Zeilen — %1</translation>
    </message>
    <message>
        <source>%1 lines of %2 are not conversations and were skipped:</source>
        <translation>%1 von %2 Zeilen sind keine Unterhaltungen und wurden übersprungen:</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Byte</source>
        <translation>Byte</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>llmcl::app::SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A new language applies after LLMCL Studio restarts.</source>
        <translation>Eine neue Sprache gilt nach einem Neustart von LLMCL Studio.</translation>
    </message>
    <message>
        <source>Follow the System</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>Automatic (Light or Dark)</source>
        <translation>Automatisch (hell oder dunkel)</translation>
    </message>
    <message>
        <source>&amp;Syntax theme:</source>
        <translation>S&amp;yntax-Farbschema:</translation>
    </message>
    <message>
        <source>System (%1 pt)</source>
        <translation>System (%1 pt)</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Editor &amp;font size:</source>
        <translation>&amp;Schriftgröße im Editor:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How soon after a change unsaved buffers are written to the recovery area.</source>
        <translation>Wie bald nach einer Änderung ungespeicherte Puffer in den Wiederherstellungsbereich geschrieben werden.</translation>
    </message>
    <message>
        <source>&amp;Autosave after:</source>
        <translation>&amp;Automatisch sichern nach:</translation>
    </message>
</context>
<context>
    <name>llmcl::app::StepperDock</name>
    <message>
        <source>Conversation Stepper</source>
        <translation>Schrittweise Ausführung</translation>
    </message>
    <message>
        <source>&amp;First Turn</source>
        <translation>&amp;Erste Runde</translation>
    </message>
    <message>
        <source>Go to the conversation&apos;s first turn</source>
        <translation>Zur ersten Runde der Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;Previous Turn</source>
        <translation>&amp;Vorherige Runde</translation>
    </message>
    <message>
        <source>Step back one turn</source>
        <translation>Eine Runde zurück</translation>
    </message>
    <message>
        <source>&amp;Next Turn</source>
        <translation>&amp;Nächste Runde</translation>
    </message>
    <message>
        <source>Step to the next turn</source>
        <translation>Zur nächsten Runde</translation>
    </message>
    <message>
        <source>Run to &amp;Turn…</source>
        <translation>Bis &amp;Runde ausführen …</translation>
    </message>
    <message>
        <source>Type a turn number and press Enter</source>
        <translation>Rundennummer eingeben und die Eingabetaste drücken</translation>
    </message>
    <message>
        <source>Run to Clause &amp;Breakpoint</source>
        <translation>&amp;Bis zum Klausel-Haltepunkt ausführen</translation>
    </message>
    <message>
        <source>Go to the next turn where a clause with a breakpoint fails</source>
        <translation>Zur nächsten Runde, in der eine Klausel mit Haltepunkt fehlschlägt</translation>
    </message>
    <message>
        <source>T&amp;urn:</source>
        <translation>R&amp;unde:</translation>
    </message>
    <message>
        <source>Turn to run to (the last number is the conversation&apos;s end)</source>
        <translation>Runde, bis zu der ausgeführt wird (die letzte Nummer ist das Ende der Unterhaltung)</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Open obligation</source>
        <translation>Offene Verpflichtung</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>Auswerten …</translation>
    </message>
    <message>
        <source>No clause with a breakpoint fails after this turn</source>
        <translation>Nach dieser Runde schlägt keine Klausel mit Haltepunkt fehl</translation>
    </message>
    <message>
        <source>No clause breakpoints: click the breakpoint margin on a clause&apos;s line</source>
        <translation>Keine Klausel-Haltepunkte: klicken Sie in der Zeile einer Klausel auf den Haltepunktrand</translation>
    </message>
    <message>
        <source>Choose a conversation in the Sessions panel</source>
        <translation>Wählen Sie eine Unterhaltung im Bereich „Sitzungen“</translation>
    </message>
    <message>
        <source>Conversation %1: end (after turn %2)</source>
        <translation>Unterhaltung %1: Ende (nach Runde %2)</translation>
    </message>
    <message>
        <source>What settled when the conversation ended</source>
        <translation>Was sich am Ende der Unterhaltung entschieden hat</translation>
    </message>
    <message>
        <source>Conversation %1: turn %2 of %3</source>
        <translation>Unterhaltung %1: Runde %2 von %3</translation>
    </message>
    <message>
        <source>User: %1
Assistant: %2</source>
        <translation>Benutzer: %1
Assistent: %2</translation>
    </message>
    <message>
        <source>(no response)</source>
        <translation>(keine Antwort)</translation>
    </message>
    <message>
        <source>No contracts: open a contract file without errors</source>
        <translation>Keine Verträge: öffnen Sie eine Vertragsdatei ohne Fehler</translation>
    </message>
    <message>
        <source>Results stored by %1, not evaluated again. &lt;a href=&quot;evaluate&quot;&gt;Evaluate with the current contracts&lt;/a&gt;</source>
        <translation>Von %1 gespeicherte Ergebnisse, nicht erneut ausgewertet. &lt;a href=&quot;evaluate&quot;&gt;Mit den aktuellen Verträgen auswerten&lt;/a&gt;</translation>
    </message>
    <message>
        <source>The run stopped before the conversation&apos;s end</source>
        <translation>Der Lauf endete vor dem Ende der Unterhaltung</translation>
    </message>
    <message>
        <source>The run stopped before this turn</source>
        <translation>Der Lauf endete vor dieser Runde</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Vorherige</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Nächste ▶</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Erste</translation>
    </message>
    <message>
        <source>To Breakpoint</source>
        <translation>Bis Haltepunkt</translation>
    </message>
</context>
<context>
    <name>llmcl::app::TraceTimeline</name>
    <message>
        <source>Turn %1</source>
        <translation>Runde %1</translation>
    </message>
    <message>
        <source>input phase</source>
        <translation>Eingabephase</translation>
    </message>
    <message>
        <source>output phase</source>
        <translation>Ausgabephase</translation>
    </message>
    <message>
        <source>No trace: choose a turn in the stepper</source>
        <translation>Keine Ablaufverfolgung: wählen Sie eine Runde in der schrittweisen Ausführung</translation>
    </message>
    <message>
        <source>Duration: %1</source>
        <translation>Dauer: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
</context>
<context>
    <name>llmcl::app::TraceView</name>
    <message>
        <source>E&amp;xport Turn Trace…</source>
        <translation>Ablaufverfolgung der Runde e&amp;xportieren …</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>&amp;Contract:</source>
        <translation>&amp;Vertrag:</translation>
    </message>
    <message>
        <source>Conversation %1, turn %2: %3</source>
        <translation>Unterhaltung %1, Runde %2: %3</translation>
    </message>
    <message>
        <source>No turn</source>
        <translation>Keine Runde</translation>
    </message>
    <message>
        <source>There is no turn to export: choose one in the stepper.</source>
        <translation>Es gibt keine Runde zum Exportieren: wählen Sie eine in der schrittweisen Ausführung.</translation>
    </message>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1: writing failed: %2</source>
        <translation>%1: Schreiben fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Export Turn Trace</source>
        <translation>Ablaufverfolgung der Runde exportieren</translation>
    </message>
    <message>
        <source>LLMCL trace (*.trace.json)</source>
        <translation>LLMCL-Ablaufverfolgung (*.trace.json)</translation>
    </message>
    <message>
        <source>Chrome trace events, for Perfetto (*.chrome.json)</source>
        <translation>Chrome-Trace-Ereignisse, für Perfetto (*.chrome.json)</translation>
    </message>
    <message>
        <source>OpenTelemetry OTLP/JSON (*.otlp.json)</source>
        <translation>OpenTelemetry OTLP/JSON (*.otlp.json)</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 existiert bereits. Ersetzen?</translation>
    </message>
</context>
<context>
    <name>llmcl::app::TurnsModel</name>
    <message>
        <source>(no response)</source>
        <translation>(keine Antwort)</translation>
    </message>
    <message>
        <source>Turn</source>
        <translation>Runde</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
</context>
<context>
    <name>llmcl::app::VerdictModel</name>
    <message>
        <source>The contracts do not compile: these are the last good verdicts.</source>
        <translation>Die Verträge lassen sich nicht kompilieren: dies sind die letzten gültigen Urteile.</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, Zeile %2</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Erklärung</translation>
    </message>
</context>
<context>
    <name>llmcl::editor::ConflictDecorations</name>
    <message>
        <source>Suppressed clause</source>
        <translation>Unterdrückte Klausel</translation>
    </message>
    <message>
        <source>Conflicts with the clause on line %1</source>
        <translation>Widerspricht der Klausel in Zeile %1</translation>
    </message>
    <message>
        <source>Go &gt; Go to Conflicting Clause jumps there.</source>
        <translation>Navigieren &gt; Zur widersprechenden Klausel springt dorthin.</translation>
    </message>
</context>
<context>
    <name>llmcl::editor::ContractEditor</name>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1: Datei nicht vorhanden</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1: ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <source>%1: the file is %2 MiB; contract files larger than %3 MiB are not opened</source>
        <translation>%1: die Datei ist %2 MiB groß; Vertragsdateien über %3 MiB werden nicht geöffnet</translation>
    </message>
    <message>
        <source>%1: cannot be read: %2</source>
        <translation>%1: kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1:%2: the file is not valid UTF-8 text; LLMCL files are UTF-8</source>
        <translation>%1:%2: die Datei ist kein gültiger UTF-8-Text; LLMCL-Dateien sind UTF-8</translation>
    </message>
    <message>
        <source>the buffer has no file yet: use Save As</source>
        <translation>der Puffer hat noch keine Datei: „Speichern unter“ verwenden</translation>
    </message>
    <message>
        <source>%1: cannot be written: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 %2&lt;/b&gt;: %3</source>
        <translation>&lt;b&gt;%1 %2&lt;/b&gt;: %3</translation>
    </message>
    <message>
        <source>%1:%2:%3: %4</source>
        <translation>%1:%2:%3: %4</translation>
    </message>
    <message>
        <source>A fix is available in the context menu.</source>
        <translation>Eine Korrektur steht im Kontextmenü bereit.</translation>
    </message>
    <message>
        <source>Fixes are offered again once the contract has been re-checked</source>
        <translation>Korrekturen werden wieder angeboten, sobald der Vertrag erneut geprüft wurde</translation>
    </message>
    <message>
        <source>Fix %1: insert “%2”</source>
        <translation>Korrektur %1: „%2“ einfügen</translation>
    </message>
    <message>
        <source>Fix %1: remove “%2”</source>
        <translation>Korrektur %1: „%2“ entfernen</translation>
    </message>
    <message>
        <source>Fix %1: replace “%2” with “%3”</source>
        <translation>Korrektur %1: „%2“ durch „%3“ ersetzen</translation>
    </message>
    <message numerus="yes">
        <source>Fix %1: apply %n edits</source>
        <translation>
            <numerusform>Korrektur %1: %n Änderung anwenden</numerusform>
            <numerusform>Korrektur %1: %n Änderungen anwenden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>llmcl::editor::Diagnostics</name>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>llmcl::editor::DocumentFormatter</name>
    <message>
        <source>The text changed while it was being formatted; format again</source>
        <translation>Der Text hat sich während des Formatierens geändert; erneut formatieren</translation>
    </message>
    <message>
        <source>Not formatted: line %1: %2</source>
        <translation>Nicht formatiert: Zeile %1: %2</translation>
    </message>
    <message>
        <source>Already formatted</source>
        <translation>Bereits formatiert</translation>
    </message>
    <message>
        <source>Formatted</source>
        <translation>Formatiert</translation>
    </message>
</context>
<context>
    <name>llmcl::editor::FindBar</name>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Groß/klein</translation>
    </message>
    <message>
        <source>&amp;Words</source>
        <translation>&amp;Wörter</translation>
    </message>
    <message>
        <source>Rege&amp;x</source>
        <translation>Rege&amp;x</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Ersetzen durch</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>Match whole words only</source>
        <translation>Nur ganze Wörter</translation>
    </message>
    <message>
        <source>Regular expression (Perl syntax; \1 or $1 in the replacement)</source>
        <translation>Regulärer Ausdruck (Perl-Syntax; \1 oder $1 in der Ersetzung)</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Keine Treffer</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Find previous (Shift+F3)</source>
        <translation>Rückwärts suchen (Umschalt+F3)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Find next (F3)</source>
        <translation>Weitersuchen (F3)</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Replace this match and find the next</source>
        <translation>Diesen Treffer ersetzen und den nächsten suchen</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>Alle ersetzen</translation>
    </message>
    <message>
        <source>Replace every match (one undo step)</source>
        <translation>Jeden Treffer ersetzen (ein Rückgängig-Schritt)</translation>
    </message>
    <message>
        <source>Invalid pattern</source>
        <translation>Ungültiges Muster</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation>Treffer: %1</translation>
    </message>
    <message>
        <source>Replaced: %1</source>
        <translation>Ersetzt: %1</translation>
    </message>
</context>
<context>
    <name>llmcl::editor::OutlineModel</name>
    <message>
        <source>contract</source>
        <translation>Vertrag</translation>
    </message>
    <message>
        <source>clause</source>
        <translation>Klausel</translation>
    </message>
    <message>
        <source>parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>import</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>llmcl::editor::ProblemsModel</name>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source>%1:%2:%3: %4 %5: %6</source>
        <translation>%1:%2:%3: %4 %5: %6</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
</context>
<context>
    <name>llmcl::editor::VerdictIcons</name>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>suppressed</source>
        <translation>unterdrückt</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>LLMCL Studio: write and debug LLM contracts.</source>
        <translation>LLMCL Studio: LLM-Verträge schreiben und debuggen.</translation>
    </message>
    <message>
        <source>A workspace folder, or a contract file to open (its folder becomes the workspace).</source>
        <translation>Ein Arbeitsbereich-Ordner oder eine zu öffnende Vertragsdatei (ihr Ordner wird zum Arbeitsbereich).</translation>
    </message>
    <message>
        <source>Save a PNG picture of the window to &lt;file&gt; once it has painted, then quit.</source>
        <translation>Ein PNG-Bild des Fensters nach &lt;file&gt; speichern, sobald es gezeichnet ist, dann beenden.</translation>
    </message>
    <message>
        <source>Print the milliseconds from start to the first painted frame, then quit (for benchmarks).</source>
        <translation>Die Millisekunden vom Start bis zum ersten gezeichneten Bild ausgeben, dann beenden (für Benchmarks).</translation>
    </message>
    <message>
        <source>Save pictures of the live verdicts, the conversation stepper and the trace view on the example workspace into &lt;dir&gt;, then quit.</source>
        <translation>Bilder der Live-Urteile, der schrittweisen Ausführung und der Ablaufverfolgung im Beispiel-Arbeitsbereich nach &lt;dir&gt; speichern, dann beenden.</translation>
    </message>
</context>
</TS>
