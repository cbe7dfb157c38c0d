console.log("widget");
