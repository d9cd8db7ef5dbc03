using System.Text;
using Lab.CommandLine;
using Lab.Runner.Config;

namespace Lab.Runner.Commands;

/// <summary>
/// <c>runner completion bash|zsh</c>: a completion script made from the grammar itself (every
/// command, flag and alias of Cli.fs) and the config schema (the keys for <c>--set</c>, <c>--axis</c>
/// and a bare <c>key=value</c>), so it cannot fall behind either. Config and grid files complete as
/// *.yaml, models as *.dqn, results folders as folders.
/// </summary>
public static class CompletionCommand
{
    public static string Script(Shell shell) => shell == Shell.Zsh ? Zsh() : Bash();

    /// <summary>The bench names <c>--only</c> takes (BenchCommand's groups).</summary>
    private static string BenchNames => string.Join(' ', BenchCommand.Groups);

    private static string Keys => string.Join(' ', ConfigParams.Keys);

    private static string Bash()
    {
        var specs = Cli.CompletionSpecs();
        var s = new StringBuilder();
        s.AppendLine("# bash completion for DqnLab's runner. Load it with: source <(./runner completion bash)");
        s.AppendLine("# or save it as ~/.local/share/bash-completion/completions/runner");
        s.AppendLine("_runner_complete() {");
        s.AppendLine("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}");
        s.AppendLine("    # '=' splits words in bash: for --set=x or key=x, look one word further back");
        s.AppendLine("    if [[ $cur == '=' ]]; then cur=''; prev=${COMP_WORDS[COMP_CWORD-1]};");
        s.AppendLine("    elif [[ $prev == '=' ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi");
        s.AppendLine("    local cmd='' i");
        s.AppendLine("    for ((i = 1; i < COMP_CWORD; i++)); do");
        s.AppendLine("        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac");
        s.AppendLine("    done");
        s.AppendLine("    if [[ $cmd == mlflow && ${COMP_WORDS[i+1]} == sync ]] && ((i + 1 < COMP_CWORD)); then cmd='mlflow sync'; fi");
        s.AppendLine("    local flags='' values='' positional=''");
        s.AppendLine("    case $cmd in");
        var commands = specs.Where(c => !c.Command.Contains(' ')).Select(c => c.Command).Append("help");
        s.AppendLine($"        '') COMPREPLY=($(compgen -W \"{string.Join(' ', commands)} --help -h --version -V\" -- \"$cur\")); return ;;");
        s.AppendLine($"        help) COMPREPLY=($(compgen -W \"{string.Join(' ', specs.Where(c => !c.Command.Contains(' ')).Select(c => c.Command))}\" -- \"$cur\")); return ;;");
        foreach (var spec in specs)
        {
            var flags = string.Join(' ', spec.Flags.Select(f => f.Item1));
            var values = string.Join(' ', spec.Flags.Where(f => f.Item3).Select(f => f.Item1));
            s.AppendLine($"        '{spec.Command}') flags='{flags}'; values='{values}'; positional='{spec.Positional}' ;;");
        }
        s.AppendLine("        *) return ;;");
        s.AppendLine("    esac");
        s.AppendLine("    case $prev in");
        s.AppendLine("        --out|-o) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;");
        s.AppendLine($"        --set|--axis) _runner_keys; return ;;");
        s.AppendLine($"        --only) COMPREPLY=($(compgen -W \"{BenchNames}\" -- \"$cur\")); return ;;");
        s.AppendLine("    esac");
        s.AppendLine("    if [[ \" $values \" == *\" $prev \"* ]]; then COMPREPLY=(); return; fi");
        s.AppendLine("    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\")); return; fi");
        s.AppendLine("    case $positional in");
        s.AppendLine("        yaml)");
        s.AppendLine("            # after the config or grid, a bare key=value overrides it");
        s.AppendLine("            for ((i = 2; i < COMP_CWORD; i++)); do");
        s.AppendLine("                if [[ ${COMP_WORDS[i]} == *.yaml || ${COMP_WORDS[i]} == *.yml ]]; then _runner_keys; return; fi");
        s.AppendLine("            done");
        s.AppendLine("            _runner_files '*.@(yaml|yml)' ;;");
        s.AppendLine("        model) _runner_files '*.dqn' ;;");
        s.AppendLine("        dir) COMPREPLY=($(compgen -d -- \"$cur\")) ;;");
        s.AppendLine("        none) COMPREPLY=() ;;");
        s.AppendLine("        *) COMPREPLY=($(compgen -W \"$positional\" -- \"$cur\")) ;;");
        s.AppendLine("    esac");
        s.AppendLine("}");
        s.AppendLine("_runner_keys() {");
        s.AppendLine($"    COMPREPLY=($(compgen -S = -W \"{Keys}\" -- \"$cur\"))");
        s.AppendLine("    type compopt &>/dev/null && compopt -o nospace 2>/dev/null");
        s.AppendLine("}");
        s.AppendLine("_runner_files() {");
        s.AppendLine("    local IFS=$'\\n'");
        s.AppendLine("    COMPREPLY=($(shopt -s extglob; compgen -f -X \"!$1\" -- \"$cur\"; compgen -S / -d -- \"$cur\"))");
        s.AppendLine("    type compopt &>/dev/null && compopt -o filenames -o nospace 2>/dev/null");
        s.AppendLine("}");
        s.AppendLine("complete -F _runner_complete runner ./runner");
        return s.ToString();
    }

    private static string Zsh()
    {
        var specs = Cli.CompletionSpecs();
        var s = new StringBuilder();
        s.AppendLine("#compdef runner");
        s.AppendLine("# zsh completion for DqnLab's runner. Load it with: source <(./runner completion zsh)");
        s.AppendLine("# (in ~/.zshrc, after compinit), or save it as _runner in a folder of $fpath.");
        s.AppendLine("_runner() {");
        s.AppendLine($"    local -a keys; keys=({Keys})");
        s.AppendLine("    local -a commands; commands=(");
        foreach (var spec in specs.Where(c => !c.Command.Contains(' ')))
            s.AppendLine($"        {Quote($"{spec.Command}:{Short(spec.Description)}")}");
        s.AppendLine("        'help:the help of a command.'");
        s.AppendLine("    )");
        s.AppendLine("    if (( CURRENT == 2 )); then");
        s.AppendLine("        if [[ $PREFIX == -* ]]; then compadd -- --help -h --version -V; else _describe -t commands 'runner command' commands; fi");
        s.AppendLine("        return");
        s.AppendLine("    fi");
        s.AppendLine("    local cmd=$words[2]");
        s.AppendLine("    if [[ $cmd == mlflow && $words[3] == sync ]] && (( CURRENT > 3 )); then cmd='mlflow sync'; shift words; (( CURRENT-- )); fi");
        s.AppendLine("    shift words; (( CURRENT-- ))");
        s.AppendLine("    local state");
        s.AppendLine("    case $cmd in");
        s.AppendLine("        help) _describe -t commands 'runner command' commands; return ;;");
        foreach (var spec in specs)
        {
            s.Append($"        '{spec.Command}') _arguments -s");
            foreach (var group in spec.Flags.GroupBy(f => f.Item2))
                s.Append(" \\\n            ").Append(ZshFlag(group.Select(f => f.Item1).ToList(), group.Key, group.First().Item3));
            s.Append(" \\\n            ").Append(ZshPositional(spec.Positional));
            s.AppendLine(" ;;");
        }
        s.AppendLine("    esac");
        s.AppendLine("    case $state in");
        s.AppendLine("        keys) _wanted keys expl 'config key' compadd -S '=' -q -- $keys ;;");
        s.AppendLine($"        bench) compadd -- {BenchNames} ;;");
        s.AppendLine("    esac");
        s.AppendLine("}");
        s.AppendLine("compdef _runner runner");
        return s.ToString();
    }

    /// <summary>An _arguments spec: the aliases exclude each other; repeatable flags (--set) may come again.</summary>
    private static string ZshFlag(IReadOnlyList<string> names, string description, bool takesValue)
    {
        var repeatable = description.Contains("repeatable", StringComparison.Ordinal);
        var action = !takesValue ? ""
            : names.Contains("--out") ? ":dir:_files -/"
            : names.Contains("--set") || names.Contains("--axis") ? ":key=value:->keys"
            : names.Contains("--only") ? ":benchmark:->bench"
            : ":value: ";
        var exclusion = repeatable ? "*" : names.Count > 1 ? $"({string.Join(' ', names)})" : "";
        var forms = names.Select(n => takesValue ? n + (n.StartsWith("--", StringComparison.Ordinal) ? "=" : "+") : n).ToList();
        var help = $"[{Short(description).Replace("[", "\\[").Replace("]", "\\]")}]";
        return forms.Count == 1
            ? Quote(exclusion + forms[0] + help + action)
            : Quote(exclusion) + "{" + string.Join(',', forms) + "}" + Quote(help + action);
    }

    private static string ZshPositional(string positional) => positional switch
    {
        "yaml" => Quote("1:config or grid:_files -g '*.(yaml|yml)'") + " " + Quote("*:key=value:->keys"),
        "model" => Quote("1:model:_files -g '*.dqn'"),
        "dir" => Quote("1:results folder:_files -/"),
        "none" => "",
        var words => Quote($"1:what:({words})"),
    };

    /// <summary>The first clause of a help text, for a one-line description.</summary>
    private static string Short(string description)
    {
        var end = description.IndexOfAny(['(', ';']);
        return (end > 0 ? description[..end] : description).Trim().TrimEnd('.', ',', ':');
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
