using System.Net;
using System.Text.Json;
using System.Text;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>The fake server answers as MLflow's documented REST API does (checked with plain HTTP, not with our client).</summary>
public sealed class FakeMlflowServerTests : IAsyncLifetime
{
    private FakeMlflowServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await FakeMlflowServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string endpoint, string json)
    {
        using var response = await _http.PostAsync($"{_server.Url}/api/2.0/mlflow/{endpoint}",
            new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string> NewRun()
    {
        var (_, experiment) = await Post("experiments/create", """{"name":"fake"}""");
        var (_, run) = await Post("runs/create", $$"""{"experiment_id":"{{experiment.GetProperty("experiment_id").GetString()}}","start_time":1}""");
        return run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    private static string Metrics(int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"key":"m","value":{{i}},"timestamp":5,"step":{{i}}}""")) + "]";

    [Fact]
    public async Task A_batch_over_MLflows_limits_is_refused_with_INVALID_PARAMETER_VALUE()
    {
        var run = await NewRun();

        var (status, body) = await Post("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":{{Metrics(1001)}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", body.GetProperty("error_code").GetString());
        Assert.Empty(_server.Run(run)!.Metrics);
    }

    [Fact]
    public async Task A_request_over_one_megabyte_is_refused()
    {
        var run = await NewRun();
        var tags = "[" + string.Join(",", Enumerable.Range(0, 99).Select(i => $$"""{"key":"t{{i}}","value":"{{new string('x', 7990)}}"}""")) + "]";
        var parameters = "[" + string.Join(",", Enumerable.Range(0, 99).Select(i => $$"""{"key":"p{{i}}","value":"{{new string('y', 5990)}}"}""")) + "]";

        var (status, body) = await Post("runs/log-batch", $$"""{"run_id":"{{run}}","params":{{parameters}},"tags":{{tags}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", body.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Params_are_write_once_but_the_same_value_again_is_fine()
    {
        var run = await NewRun();

        var first = await Post("runs/log-batch", $$"""{"run_id":"{{run}}","params":[{"key":"gamma","value":"0.99"}]}""");
        var same = await Post("runs/log-batch", $$"""{"run_id":"{{run}}","params":[{"key":"gamma","value":"0.99"}]}""");
        var changed = await Post("runs/log-batch", $$"""{"run_id":"{{run}}","params":[{"key":"gamma","value":"0.9"}]}""");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal(HttpStatusCode.BadRequest, changed.Status);
        Assert.Equal("INVALID_PARAMETER_VALUE", changed.Body.GetProperty("error_code").GetString());
        Assert.Equal("0.99", _server.Run(run)!.Params["gamma"]);
    }

    [Fact]
    public async Task An_identical_metric_point_is_stored_once_as_in_the_SQL_store()
    {
        var run = await NewRun();
        var batch = $$"""{"run_id":"{{run}}","metrics":[{"key":"loss","value":0.5,"timestamp":10,"step":3},{"key":"loss","value":"NaN","timestamp":11,"step":4}]}""";

        await Post("runs/log-batch", batch);
        await Post("runs/log-batch", batch);
        await Post("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{"key":"loss","value":0.5,"timestamp":12,"step":3}]}""");

        Assert.Equal(3, _server.Run(run)!.Metrics.Count);
    }

    private static string Points(string key, int from, int count) =>
        string.Join(",", Enumerable.Range(from, count).Select(i => $$"""{"key":"{{key}}","value":{{i}},"timestamp":7,"step":{{i}}}"""));

    [Fact]
    public async Task A_resent_batch_of_at_most_100_metrics_is_accepted_and_its_points_kept_once_as_in_the_SQL_store()
    {
        var run = await NewRun();
        var batch = $$"""{"run_id":"{{run}}","metrics":[{{Points("a", 0, 50)}},{{Points("b", 0, 50)}}]}""";

        var first = await Post("runs/log-batch", batch);
        var again = await Post("runs/log-batch", batch);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(100, _server.Run(run)!.Metrics.Count);
        Assert.Equal(100, _server.ResentPoints);
    }

    [Fact]
    public async Task A_resent_batch_of_more_than_100_metrics_is_refused_with_BAD_REQUEST_after_committing_its_params_and_new_points()
    {
        var run = await NewRun();
        // 100 points of keys a and b, then 50 of key c: the SQL store's recovery reads the history of a and b for
        // the first 100, inserts every other point (c included), then reads c's for the last 50 and inserts a0 and b0
        await Post("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{{Points("a", 0, 1)}},{{Points("b", 0, 1)}}]}""");
        var batch = $$"""{"run_id":"{{run}}","params":[{"key":"p","value":"1"}],"tags":[{"key":"t","value":"1"}],"metrics":[{{Points("a", 0, 50)}},{{Points("b", 0, 50)}},{{Points("c", 0, 50)}}]}""";

        var (status, body) = await Post("runs/log-batch", batch);
        var (again, _) = await Post("runs/log-batch", batch);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", body.GetProperty("error_code").GetString());
        Assert.Contains("UNIQUE constraint failed", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again);
        var stored = _server.Run(run)!;
        Assert.Equal(150, stored.Metrics.Count);
        Assert.Equal(150, stored.Metrics.Distinct().Count());
        Assert.Equal("1", stored.Params["p"]);
        Assert.False(stored.Tags.ContainsKey("t"));
    }

    [Fact]
    public async Task A_resent_batch_of_more_than_100_metrics_whose_first_100_name_every_key_is_accepted()
    {
        var run = await NewRun();
        await Post("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{{Points("a", 0, 10)}}]}""");
        var batch = $$"""{"run_id":"{{run}}","metrics":[{{Points("a", 0, 150)}}]}""";

        var (status, _) = await Post("runs/log-batch", batch);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(150, _server.Run(run)!.Metrics.Count);
    }

    [Fact]
    public async Task An_unknown_run_is_404_RESOURCE_DOES_NOT_EXIST_and_a_second_experiment_of_a_name_is_RESOURCE_ALREADY_EXISTS()
    {
        var (status, body) = await Post("runs/log-batch", """{"run_id":"0123456789abcdef","metrics":[]}""");
        await Post("experiments/create", """{"name":"twice"}""");
        var (again, againBody) = await Post("experiments/create", """{"name":"twice"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", body.GetProperty("error_code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("RESOURCE_ALREADY_EXISTS", againBody.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Runs_are_found_by_a_tag_filter_and_deleted_runs_are_not_found()
    {
        var (_, experiment) = await Post("experiments/create", """{"name":"search"}""");
        var id = experiment.GetProperty("experiment_id").GetString();
        await Post("runs/create", $$"""{"experiment_id":"{{id}}","tags":[{"key":"dqnlab.trial_id","value":"a"}]}""");
        var (_, b) = await Post("runs/create", $$"""{"experiment_id":"{{id}}","tags":[{"key":"dqnlab.trial_id","value":"b"}]}""");
        var (_, found) = await Post("runs/search", $$"""{"experiment_ids":["{{id}}"],"filter":"tags.`dqnlab.trial_id` = 'b'"}""");
        await Post("runs/delete", $$"""{"run_id":"{{b.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()}}"}""");
        var (_, afterDelete) = await Post("runs/search", $$"""{"experiment_ids":["{{id}}"],"filter":"tags.dqnlab.trial_id = 'b'"}""");

        Assert.Single(found.GetProperty("runs").EnumerateArray());
        Assert.False(afterDelete.TryGetProperty("runs", out _));
    }
}
