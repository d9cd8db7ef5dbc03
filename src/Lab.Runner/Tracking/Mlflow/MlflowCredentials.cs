namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// How to authenticate, read as MLflow's own clients read it: MLFLOW_TRACKING_USERNAME and
/// MLFLOW_TRACKING_PASSWORD (HTTP basic), MLFLOW_TRACKING_TOKEN (bearer; wins over basic), and
/// MLFLOW_TRACKING_INSECURE_TLS (skip certificate checks). <see cref="ToString"/> never shows a secret.
/// </summary>
internal sealed class MlflowCredentials
{
    public static MlflowCredentials None { get; } = new(null, null, null, false);

    public MlflowCredentials(string? username, string? password, string? token, bool insecureTls)
    {
        Username = Blank(username);
        Password = Blank(password);
        Token = Blank(token);
        InsecureTls = insecureTls;
    }

    public string? Username { get; }
    public string? Password { get; }
    public string? Token { get; }
    public bool InsecureTls { get; }

    public static MlflowCredentials FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static MlflowCredentials FromEnvironment(Func<string, string?> environment) => new(
        environment("MLFLOW_TRACKING_USERNAME"),
        environment("MLFLOW_TRACKING_PASSWORD"),
        environment("MLFLOW_TRACKING_TOKEN"),
        IsTrue(environment("MLFLOW_TRACKING_INSECURE_TLS")));

    /// <summary>Fills in basic credentials from a tracking URI's user info when none were given otherwise.</summary>
    public MlflowCredentials WithUserInfo(string? username, string? password) =>
        Token is null && Username is null && username is not null
            ? new MlflowCredentials(username, password, null, InsecureTls)
            : this;

    /// <summary>Every string that must never be printed or stored (to be masked in messages).</summary>
    internal IEnumerable<string> Secrets()
    {
        if (Password is not null) yield return Password;
        if (Token is not null) yield return Token;
    }

    public override string ToString() =>
        Token is not null ? "bearer token (hidden)"
        : Username is not null ? $"basic auth as {Username} (password hidden)"
        : "no credentials";

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1"
                              || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
}
