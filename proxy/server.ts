console.log("proxy");
