using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Tests.Support;
using Xunit;
using static Lab.Runner.Tests.Config.ConfigFixtures;

namespace Lab.Runner.Tests.Config;

/// <summary>The teacher section: off by default, its words, and a teacher that cannot drive the env.</summary>
public sealed class TeacherConfigTests
{
    [Fact]
    public void By_default_there_is_no_teacher_and_the_margin_is_notebook_001s()
    {
        var config = new TrainConfig();

        Assert.Equal(TeacherKind.None, config.Teacher.Controller);
        Assert.Null(config.Teacher.Policy);
        Assert.Equal(0.2, config.Teacher.Margin);
    }

    [Fact]
    public void A_teacher_section_sets_the_controller_and_the_margin()
    {
        using var temp = new TempDirectory();
        var path = temp.File("t.yaml", "env: MountainCar-v0\nteacher:\n  controller: mountaincar_momentum\n  margin: 1.5\n");

        var config = ConfigLoader.Load(path, []);

        Assert.Equal(new TeacherConfig { Controller = TeacherKind.MountainCarMomentum, Margin = 1.5 }, config.Teacher);
        Assert.Equal(Lab.Core.TeacherPolicy.MountainCarMomentum, config.Teacher.Policy);
    }

    [Fact]
    public void A_teacher_for_another_environment_is_refused_at_its_line()
    {
        using var temp = new TempDirectory();
        var path = temp.File("t.yaml", "env: Acrobot-v1\nteacher:\n  controller: cartpole_feedback\n");

        var ex = LoadFails(path);

        At(Assert.Single(ex.Errors), "t.yaml", 3, 15, "teacher.controller", "cartpole_feedback does not drive Acrobot-v1");
    }
}
