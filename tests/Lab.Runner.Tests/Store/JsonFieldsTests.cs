using System.Text.Json;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

/// <summary>Lenient JSON access: names ignore case, underscores and hyphens; numbers may come as strings.</summary>
public sealed class JsonFieldsTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("trial_id")]
    [InlineData("trialId")]
    [InlineData("TrialId")]
    [InlineData("trial-id")]
    public void A_name_is_found_however_it_is_spelled(string spelling)
    {
        Assert.Equal("t1", JsonFields.String(Parse($$"""{"{{spelling}}": "t1"}"""), "trial_id"));
    }

    [Fact]
    public void A_missing_or_null_property_is_null_and_so_is_any_property_of_a_non_object()
    {
        var root = Parse("""{"a": null}""");

        Assert.Null(JsonFields.Find(root, "a"));
        Assert.Null(JsonFields.Find(root, "b"));
        Assert.Null(JsonFields.Find(Parse("[1]"), "a"));
    }

    [Fact]
    public void Numbers_come_as_numbers_or_as_strings_and_anything_else_is_null()
    {
        var root = Parse("""{"d": 2.5, "ds": "NaN", "di": "Infinity", "l": 12, "ls": "-7", "lf": 1.5, "bad": "x", "o": {}}""");

        Assert.Equal(2.5, JsonFields.Double(root, "d"));
        Assert.True(double.IsNaN(JsonFields.Double(root, "ds")!.Value));
        Assert.Equal(double.PositiveInfinity, JsonFields.Double(root, "di"));
        Assert.Equal(12, JsonFields.Long(root, "l"));
        Assert.Equal(-7, JsonFields.Long(root, "ls"));
        Assert.Null(JsonFields.Long(root, "lf"));
        Assert.Null(JsonFields.Double(root, "bad"));
        Assert.Null(JsonFields.Long(root, "o"));
    }

    [Fact]
    public void Strings_of_numbers_and_booleans_are_their_text_and_blank_counts_as_missing_only_for_NonBlank()
    {
        var root = Parse("""{"n": 3.0, "t": true, "f": false, "blank": "  "}""");

        Assert.Equal("3.0", JsonFields.String(root, "n"));
        Assert.Equal("true", JsonFields.String(root, "t"));
        Assert.Equal("false", JsonFields.String(root, "f"));
        Assert.Equal("  ", JsonFields.String(root, "blank"));
        Assert.Null(JsonFields.NonBlank(root, "blank"));
    }

    [Fact]
    public void Booleans_are_only_true_and_false()
    {
        var root = Parse("""{"t": true, "f": false, "s": "true", "n": 1}""");

        Assert.True(JsonFields.Bool(root, "t"));
        Assert.False(JsonFields.Bool(root, "f"));
        Assert.Null(JsonFields.Bool(root, "s"));
        Assert.Null(JsonFields.Bool(root, "n"));
    }

    [Fact]
    public void String_lists_keep_numbers_as_text_drop_blanks_and_are_empty_for_a_non_array()
    {
        var root = Parse("""{"a": ["x", 2, "", null], "s": "x"}""");

        Assert.Equal(["x", "2"], JsonFields.Strings(root, "a"));
        Assert.Empty(JsonFields.Strings(root, "s"));
        Assert.Empty(JsonFields.Strings(root, "missing"));
    }

    [Fact]
    public void A_file_that_is_not_json_is_an_error_naming_the_file_and_comments_and_trailing_commas_are_allowed()
    {
        using var temp = new TempDirectory();
        var bad = temp.File("bad.json", "{\"a\": ");
        var lenient = temp.File("ok.json", "{\n// written by hand\n\"a\": 1,\n}");

        var error = Assert.Throws<FormatException>(() => JsonFields.Parse(bad, 1 << 10).Dispose());
        using var document = JsonFields.Parse(lenient, 1 << 10);

        Assert.Contains(bad, error.Message);
        Assert.Equal(1, JsonFields.Long(document.RootElement, "a"));
    }

    [Fact]
    public void A_file_larger_than_its_cap_is_refused_by_name_and_one_at_the_cap_is_read()
    {
        using var temp = new TempDirectory();
        var json = "{\"a\": \"" + new string('x', 100) + "\"}";
        var path = temp.File("big.json", json);

        var error = Assert.Throws<FormatException>(() => JsonFields.Parse(path, json.Length - 1).Dispose());
        using var document = JsonFields.Parse(path, json.Length);

        Assert.Contains(path, error.Message);
        Assert.Equal(100, JsonFields.String(document.RootElement, "a")!.Length);
    }
}
