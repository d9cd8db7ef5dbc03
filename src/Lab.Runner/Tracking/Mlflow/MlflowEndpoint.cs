namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// A tracking URI split into what is safe to show and store (<see cref="Display"/>: scheme, host, port,
/// path; no user info) and the user info that MLflow's Python client would use as basic credentials.
/// </summary>
internal sealed record MlflowEndpoint(Uri BaseUri, string Display, string? UserName, string? Password)
{
    public static bool TryParse(string? raw, out MlflowEndpoint endpoint, out string error)
    {
        endpoint = null!;
        error = "";
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "empty tracking URI";
            return false;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"the tracking URI must be an http:// or https:// address of an MLflow server, not '{Mask(text)}'";
            return false;
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        var path = uri.AbsolutePath.TrimEnd('/');
        var display = $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{path}";
        if (uri.HostNameType == UriHostNameType.IPv6) display = $"{uri.Scheme}://[{uri.DnsSafeHost}]{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{path}";
        endpoint = new MlflowEndpoint(new Uri(display + "/"), display, user, password);
        return true;
    }

    /// <summary>Drops anything between "://" and "@" so a bad URI can be echoed without its password.</summary>
    public static string Mask(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', scheme < 0 ? 0 : scheme + 3);
        return scheme >= 0 && at > scheme ? text[..(scheme + 3)] + "***@" + text[(at + 1)..] : text;
    }

    public override string ToString() => Display;
}
