using System.Text;
using Lab.Runner.Tracking.Mlflow;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

public sealed class MlflowClientTests : IAsyncLifetime
{
    private FakeMlflowServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMlflowServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private MlflowClient Client(MlflowCredentials? credentials = null, MlflowClientOptions? options = null, string? uri = null) =>
        new(uri ?? _server.Url, credentials, options ?? MlflowTestSettings.Client);

    private static async Task<(MlflowClient Client, string RunId)> NewRun(MlflowClient client, string experiment = "client")
    {
        var experimentId = await client.GetOrCreateExperimentAsync(experiment);
        var run = await client.CreateRunAsync(experimentId, "r", 1, new Dictionary<string, string> { ["dqnlab.trial_id"] = "t" });
        return (client, run.RunId);
    }

    private static List<MlflowMetric> Points(int count, string key = "charts/episodic_return") =>
        Enumerable.Range(0, count).Select(i => new MlflowMetric(key, i * 0.5, 1_000 + i, i)).ToList();

    [Fact]
    public async Task Given_an_experiment_name_when_asked_twice_then_it_is_created_once()
    {
        using var client = Client();

        var first = await client.GetOrCreateExperimentAsync("cartpole", new Dictionary<string, string> { ["dqnlab.question"] = "q" });
        var second = await client.GetOrCreateExperimentAsync("cartpole", new Dictionary<string, string> { ["dqnlab.question"] = "q" });

        Assert.Equal(first, second);
        Assert.Single(_server.Experiments, e => e.Name == "cartpole");
        Assert.Equal("q", _server.Experiment("cartpole")!.Tags["dqnlab.question"]);
    }

    [Fact]
    public async Task Given_a_create_that_loses_the_race_when_the_server_says_RESOURCE_ALREADY_EXISTS_then_the_winners_experiment_is_used()
    {
        using var other = Client();
        var winner = await other.GetOrCreateExperimentAsync("race");
        // our client's get-by-name comes too early: it does not see the experiment yet
        _server.FailNext(1, 404, "RESOURCE_DOES_NOT_EXIST", "experiments/get-by-name");
        using var client = Client();

        var id = await client.GetOrCreateExperimentAsync("race");

        Assert.Equal(winner, id);
        Assert.Contains(_server.Requests, r => r.Path.EndsWith("experiments/create", StringComparison.Ordinal) && r.Status == 400);
    }

    [Fact]
    public async Task Given_2500_metrics_250_params_and_150_tags_when_logged_then_they_are_split_into_requests_within_MLflows_limits()
    {
        var (client, runId) = await NewRun(Client());
        using var _ = client;
        var parameters = Enumerable.Range(0, 250).Select(i => new KeyValuePair<string, string>($"p.{i:000}", $"v{i}")).ToList();
        var tags = Enumerable.Range(0, 150).Select(i => new KeyValuePair<string, string>($"t.{i:000}", $"w{i}")).ToList();

        var requests = await client.LogBatchAsync(runId, Points(2500), parameters, tags);

        var run = _server.Run(runId)!;
        Assert.True(requests >= 5, $"{requests} requests");
        Assert.Equal(2500, run.Metrics.Count);
        Assert.Equal(250, run.Params.Count);
        Assert.Equal(150, run.Tags.Count(t => t.Key.StartsWith("t.", StringComparison.Ordinal)));
        Assert.All(_server.Requests.Where(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)), r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Given_values_that_add_up_to_more_than_one_megabyte_when_logged_then_each_request_stays_under_it()
    {
        var (client, runId) = await NewRun(Client());
        using var _ = client;
        var parameters = Enumerable.Range(0, 100).Select(i => new KeyValuePair<string, string>($"p{i}", new string('p', 5900))).ToList();
        var tags = Enumerable.Range(0, 100).Select(i => new KeyValuePair<string, string>($"t{i}", new string('t', 7900))).ToList();

        await client.LogBatchAsync(runId, [], parameters, tags);

        var batches = _server.Requests.Where(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)).ToList();
        Assert.True(batches.Count >= 2);
        Assert.All(batches, r => Assert.True(r.Status == 200 && r.BodyBytes <= 1_000_000, $"{r.BodyBytes} bytes, status {r.Status}"));
        Assert.Equal(100, _server.Run(runId)!.Params.Count);
        Assert.Equal(0, _server.TruncatedValues);
    }

    [Fact]
    public async Task Given_a_param_longer_than_6000_characters_when_logged_then_it_goes_to_an_artifact_and_the_param_points_to_it()
    {
        var (client, runId) = await NewRun(Client());
        using var _ = client;
        var longValue = string.Concat(Enumerable.Range(0, 1000).Select(i => $"layer{i},"));

        await client.LogBatchAsync(runId, [], [new("network.layers", longValue), new("gamma", "0.99")]);

        var run = _server.Run(runId)!;
        Assert.Equal(0, _server.TruncatedValues);
        Assert.Contains("params/network.layers.txt", run.Params["network.layers"]);
        Assert.True(run.Params["network.layers"].Length <= 6000);
        Assert.Equal(longValue, Encoding.UTF8.GetString(_server.ArtifactsOf(runId)["params/network.layers.txt"]));
        Assert.Equal("0.99", run.Params["gamma"]);
    }

    [Fact]
    public async Task Given_injected_429_and_503_answers_when_a_batch_is_logged_then_it_is_retried_and_stored_once()
    {
        // retries, not the budget, are under test: five answers on a CI core shared with training took over 0.75 s once
        var (client, runId) = await NewRun(Client(options: MlflowTestSettings.Client with { RetryBudget = TimeSpan.FromSeconds(30) }));
        using var _ = client;
        _server.FailNext(2, 429, pathContains: "log-batch");
        _server.FailNext(2, 503, pathContains: "log-batch");

        await client.LogBatchAsync(runId, Points(10));

        Assert.Equal(10, _server.Run(runId)!.Metrics.Count);
        Assert.Equal(5, _server.Requests.Count(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Given_an_answer_slower_than_the_timeout_when_a_batch_of_metrics_is_logged_then_it_is_not_resent_and_the_error_says_it_may_be_there()
    {
        var options = MlflowTestSettings.Client with { RequestTimeout = TimeSpan.FromMilliseconds(300), RetryBudget = TimeSpan.FromSeconds(5) };
        var (client, runId) = await NewRun(Client(options: options));
        using var _ = client;
        // the server carries the request out, but answers after the client gave up on it
        _server.DelayNext(1, TimeSpan.FromMilliseconds(900), "log-batch");

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.LogBatchAsync(runId, Points(20)));
        await Task.Delay(900);

        Assert.True(error.MaybeApplied);
        Assert.True(error.IsTransient);
        Assert.Equal(20, _server.Run(runId)!.Metrics.Count);
        Assert.Equal(1, _server.Requests.Count(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Given_a_run_with_points_then_its_metric_history_is_read_back_point_for_point()
    {
        var (client, runId) = await NewRun(Client());
        using var _ = client;
        await client.LogBatchAsync(runId, Points(10));

        var history = await client.GetMetricHistoryAsync(runId, "charts/episodic_return");

        Assert.Equal(Points(10), history.OrderBy(m => m.Step));
        Assert.Empty(await client.GetMetricHistoryAsync(runId, "never/logged"));
    }

    [Fact]
    public async Task Given_a_server_that_stays_down_when_a_call_is_made_then_a_transient_error_comes_within_the_retry_budget()
    {
        using var client = Client();
        _server.Down = true;

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetOrCreateExperimentAsync("down"));

        Assert.True(error.IsTransient);
        Assert.Equal(0, error.HttpStatus);
        Assert.True(_server.Requests.Count > 1, "retried");
    }

    [Fact]
    public async Task Given_an_unknown_run_when_logging_then_the_error_is_RESOURCE_DOES_NOT_EXIST_and_not_retried()
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.LogBatchAsync("0123456789abcdef0123456789abcdef", Points(1)));

        Assert.Equal(MlflowErrorCodes.ResourceDoesNotExist, error.ErrorCode);
        Assert.Equal(404, error.HttpStatus);
        Assert.False(error.IsTransient);
        Assert.Single(_server.Requests);
        Assert.Null(await client.FindRunAsync("0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public async Task Given_a_param_logged_again_with_another_value_then_the_error_is_INVALID_PARAMETER_VALUE()
    {
        var (client, runId) = await NewRun(Client());
        using var _ = client;
        await client.LogBatchAsync(runId, [], [new("gamma", "0.99")]);

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.LogBatchAsync(runId, [], [new("gamma", "0.9")]));

        Assert.Equal(MlflowErrorCodes.InvalidParameterValue, error.ErrorCode);
    }

    [Fact]
    public async Task Given_basic_credentials_when_the_server_refuses_them_then_the_error_never_shows_the_password()
    {
        const string password = "s3cret-Pa55word";
        _server.RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:right-password"));
        using var client = Client(new MlflowCredentials("alice", password, null, false));

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetOrCreateExperimentAsync("secret"));

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal(MlflowErrorCodes.Unauthenticated, error.ErrorCode);
        Assert.DoesNotContain(password, error.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + password)), error.ToString());
    }

    [Fact]
    public async Task Given_a_token_when_calling_then_it_is_sent_as_a_bearer_and_never_shown()
    {
        const string token = "dapi-0123456789-token";
        _server.RequiredAuthorization = "Bearer " + token;
        using var client = Client(MlflowCredentials.FromEnvironment(MlflowTestSettings.Environment(("MLFLOW_TRACKING_TOKEN", token))));

        await client.GetOrCreateExperimentAsync("with-token");
        _server.Down = true;
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetOrCreateExperimentAsync("again"));

        Assert.Contains("Bearer " + token, _server.AuthorizationsSeen);
        Assert.DoesNotContain(token, error.ToString());
        Assert.DoesNotContain(token, client.TrackingUri);
    }

    [Fact]
    public async Task Given_credentials_in_the_tracking_uri_then_they_are_used_and_never_shown()
    {
        _server.RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:p@ss"));
        var uri = _server.Url.Replace("http://", "http://bob:p%40ss@", StringComparison.Ordinal);
        using var client = Client(uri: uri);

        await client.GetOrCreateExperimentAsync("userinfo");
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.LogBatchAsync("nope", Points(1)));

        Assert.Equal(_server.Url, client.TrackingUri);
        Assert.DoesNotContain("p@ss", error.Message);
        Assert.DoesNotContain("p%40ss", error.Message);
    }

    [Fact]
    public void Artifact_roots_of_the_proxy_are_understood_with_or_without_a_host()
    {
        Assert.Equal("1/abc/artifacts", MlflowClient.ArtifactRoot("mlflow-artifacts:/1/abc/artifacts"));
        Assert.Equal("1/abc/artifacts", MlflowClient.ArtifactRoot("mlflow-artifacts://tracking:5000/1/abc/artifacts"));
        Assert.Null(MlflowClient.ArtifactRoot("s3://bucket/1/abc/artifacts"));
        Assert.Null(MlflowClient.ArtifactRoot("./mlruns/1/abc/artifacts"));
    }
}
